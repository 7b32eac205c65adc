import Foundation

/// The files of a published starting kit (the zip `podium pack` writes beside a bundle:
/// README.md, `data/`, `starting-kit/` and sample_submission.csv), listed and served one at a
/// time: a page view reads the zip's directory, not every file inflated (a 10M-row test.csv
/// would be hundreds of megabytes a view).
public enum StartingKit {
    public struct File: Sendable, Equatable {
        public var path: String
        /// Its size once inflated, from the zip's directory.
        public var bytes: Int
        /// Data rows of a CSV file (lines after the header), counted when the file is at most
        /// `rowCountLimit` bytes.
        public var rows: Int?

        public var name: String { path.split(separator: "/").last.map(String.init) ?? path }
    }

    /// Files larger than this are listed with their size only.
    public static let rowCountLimit = 16 << 20

    /// The kit's files: data first, then the sample, then the rest, README last.
    public static func files(_ zip: Data) throws -> [File] {
        let reader = try ZipReader(data: zip)
        func order(_ path: String) -> Int {
            path.hasPrefix("data/") ? 0 : path == "sample_submission.csv" ? 1 : path == "README.md" ? 3 : 2
        }
        return try regular(reader).map { entry in
            var rows: Int?
            if entry.path.hasSuffix(".csv"), entry.uncompressedSize <= rowCountLimit {
                var lines = 0
                var last: UInt8 = 10
                try reader.read(entry) { chunk in
                    for byte in chunk where byte == 10 { lines += 1 }
                    if let final = chunk.last { last = final }
                }
                if last != 10 && entry.uncompressedSize > 0 { lines += 1 }
                rows = max(0, lines - 1)
            }
            return File(path: entry.path, bytes: entry.uncompressedSize, rows: rows)
        }.sorted { (order($0.path), $0.path) < (order($1.path), $1.path) }
    }

    /// One file's content, inflated alone; nil when the kit has no such file.
    public static func contents(_ zip: Data, path: String, limit: Int = 2 << 30) throws -> Data? {
        let reader = try ZipReader(data: zip)
        guard let entry = try regular(reader).first(where: { $0.path == path }) else { return nil }
        var data = Data()
        try reader.read(entry) { chunk in
            guard data.count + chunk.count <= limit else {
                throw ZipReader.Damaged(description: "entry \(Echo.quoted(path)) inflates past \(limit >> 20) MiB")
            }
            data.append(chunk)
        }
        return data
    }

    /// The first `lines` lines of a file of the kit, reading no more than its first 64 KiB.
    public static func head(_ zip: Data, path: String, lines: Int) throws -> String? {
        let reader = try ZipReader(data: zip)
        guard let entry = try regular(reader).first(where: { $0.path == path }) else { return nil }
        struct Enough: Error {}
        var prefix = Data()
        do {
            try reader.read(entry) { chunk in
                prefix.append(chunk)
                if prefix.count >= 64 << 10 { throw Enough() }
            }
        } catch is Enough {}
        let text = String(decoding: prefix.prefix(64 << 10), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }.joined(separator: "\n")
    }

    static func regular(_ reader: ZipReader) throws -> [ZipReader.Entry] {
        reader.entries.filter { !$0.isDirectory && !$0.isSymlink && !$0.path.hasSuffix("/") }
    }
}
