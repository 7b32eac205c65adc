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
}
