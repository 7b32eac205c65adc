import Foundation

/// The files of a published starting kit (the zip `podium pack` writes beside a bundle:
/// README.md, `data/`, `starting-kit/` and sample_submission.csv), so that each can be listed
/// and downloaded on its own.
public enum StartingKit {
    public struct File: Sendable, Equatable {
        public var path: String
        public var data: Data
        /// Data rows of a CSV file (lines after the header).
        public var rows: Int?

        public var bytes: Int { data.count }
        public var name: String { path.split(separator: "/").last.map(String.init) ?? path }
    }

    /// The kit's files, sorted by path: data first, then the sample, then the rest.
    public static func files(_ zip: Data, limit: Int = 2 << 30) throws -> [File] {
        let files = try ZipReader(data: zip).files(limit: limit)
        func order(_ path: String) -> Int {
            path.hasPrefix("data/") ? 0 : path == "sample_submission.csv" ? 1 : path == "README.md" ? 3 : 2
        }
        return files.map { File(path: $0.key, data: $0.value, rows: $0.key.hasSuffix(".csv") ? PodiumBundle.csvRows($0.value) : nil) }
            .sorted { (order($0.path), $0.path) < (order($1.path), $1.path) }
    }

    /// The first `lines` lines of a text file, for an example on a page.
    public static func head(_ data: Data, lines: Int) -> String {
        var out: [Substring] = []
        let text = String(decoding: data.prefix(64 << 10), as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines) {
            out.append(line.hasSuffix("\r") ? line.dropLast() : line)
        }
        return out.joined(separator: "\n")
    }
}
