import CPodiumSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file that code Podium does not trust made (a sandboxed run's predictions), read by the
/// host: only when it is a regular file, opened without following a link (a run's
/// `predictions.csv` linked to `/etc/passwd` had the host read that file and show its first
/// line in the refusal) and without blocking (a FIFO would hang the worker), up to a size.
public enum RegularFile {
    public enum Outcome: Equatable, Sendable {
        case read(Data)
        case missing
        /// Why it was not read: "is a symbolic link", "is not a regular file", "is larger than …".
        case refused(String)
    }

    public static func read(_ url: URL, maxBytes: Int) -> Outcome {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return .missing
            case ELOOP: return .refused("is a symbolic link")
            default: return .refused("cannot be opened (\(String(cString: strerror(errno))))")
            }
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let size = podium_fd_regular_size(fd)
        guard size >= 0 else { return .refused("is not a regular file") }
        guard size <= maxBytes else { return .refused("is larger than \(Formats.size(maxBytes))") }
        do {
            let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            return data.count > maxBytes ? .refused("is larger than \(Formats.size(maxBytes))") : .read(data)
        } catch {
            return .refused("cannot be read (\(error.localizedDescription))")
        }
    }
}
