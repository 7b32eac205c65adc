import Foundation

/// Writes files so that a reader never sees half of one: a temporary name, then a rename.
public enum AtomicWrite {
    public static func write(_ data: Data, to url: URL) throws {
        try PodiumError.whileWriting(url) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Writes a file only its owner may read or write (tokens, keys), made so from its first
    /// byte: a write and then a change of mode left it readable by anyone for a moment. The
    /// temporary file is made with the mode and without contents, then filled and renamed.
    public static func writePrivate(_ data: Data, to url: URL) throws {
        try writePrivate(data, to: url, reportedAs: url)
    }

    /// `writePrivate`, its errors naming `reported` (the file a probe stands for).
    private static func writePrivate(_ data: Data, to url: URL, reportedAs reported: URL) throws {
        try PodiumError.whileWriting(reported) {
            let folder = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appending(path: ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw PodiumError.invalid(reported.path, "cannot be written: \(String(cString: strerror(errno)))") }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
                try handle.close()
                guard rename(temporary.path, url.path) == 0 else {
                    throw PodiumError.invalid(reported.path, "cannot be written: \(String(cString: strerror(errno)))")
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
        }
    }

    /// Fails when `url` cannot be written, having written nothing there: a command whose output
    /// is shown once (a roster's new tokens) asks before it makes it, not after.
    public static func checkWritable(_ url: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw PodiumError.invalid(url.path, "is a folder; expected a file name")
        }
        let probe = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).probe")
        try writePrivate(Data(), to: probe, reportedAs: url)
        try? FileManager.default.removeItem(at: probe)
    }
}
