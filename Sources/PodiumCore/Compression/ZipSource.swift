import Foundation
import ZIPFoundation

enum ZipSource {
    /// Streams the one `.csv` inside a zip submission.
    static func readSingleCSV(_ url: URL, maxBytes: Int, _ consumer: (Data) throws -> Void) throws {
        let name = Echo.text(url.lastPathComponent)
        let archive: ZipReader
        do { archive = try ZipReader(url: url) } catch {
            throw CSVError(file: name, line: nil, message: "is not a readable zip archive (\(error))")
        }
        try readSingleCSV(archive, name: name, maxBytes: maxBytes, consumer)
    }

    /// The same, for a zip archive already in memory (an upload).
    static func readSingleCSV(data: Data, name: String, maxBytes: Int, _ consumer: (Data) throws -> Void) throws {
        let archive: ZipReader
        do { archive = try ZipReader(data: data) } catch {
            throw CSVError(file: name, line: nil, message: "is not a readable zip archive (\(error))")
        }
        try readSingleCSV(archive, name: name, maxBytes: maxBytes, consumer)
    }

    private static func readSingleCSV(_ archive: ZipReader, name: String, maxBytes: Int, _ consumer: (Data) throws -> Void) throws {
        func bad(_ message: String) -> CSVError { CSVError(file: name, line: nil, message: message) }
        let csvs = archive.entries.filter {
            !$0.isDirectory && !$0.isSymlink && $0.path.lowercased().hasSuffix(".csv") && !$0.path.hasPrefix("__MACOSX/")
        }
        guard csvs.count == 1, let entry = csvs.first else {
            throw bad("must hold exactly one .csv file, found \(csvs.count)")
        }
        let shown = Echo.text(entry.path)
        guard entry.uncompressedSize <= maxBytes else {
            throw bad("holds \(shown), larger than the limit of \(maxBytes >> 20) MiB")
        }
        var produced = 0
        _ = try Inflation.feed(
            consumer, limit: maxBytes, produced: &produced,
            tooLarge: bad("holds \(shown), larger than the limit of \(maxBytes >> 20) MiB"),
            damaged: { error in bad("holds \(shown), which cannot be decompressed (\(error))") },
            { sink in try archive.read(entry, bufferSize: 1 << 20, consumer: sink) })
    }
}
