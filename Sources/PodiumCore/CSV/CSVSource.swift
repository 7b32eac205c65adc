import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a submitted file is packed: plain CSV, gzip, or a zip archive holding one CSV. Decided
/// once where a file comes in (by its first bytes for an upload, by its name for a file on
/// disk) and carried from there, so that no reader guesses again.
public enum FileKind: String, Sendable, Codable, CaseIterable {
    case csv, gzip, zip

    /// The kind of bytes as they arrived: gzip and zip by their magic numbers, else CSV.
    public static func sniff(_ bytes: Data) -> FileKind {
        if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zip }
        return .csv
    }

    /// The kind a file name says (`.gz`, `.zip`, anything else is CSV).
    public init(fileName name: String) {
        let lower = name.lowercased()
        self = lower.hasSuffix(".gz") ? .gzip : lower.hasSuffix(".zip") ? .zip : .csv
    }

    /// Whether a name is one of a submission's (`.csv`, `.csv.gz`, `.zip`), as ingest picks files.
    public static func isSubmissionName(_ name: String) -> Bool {
        [".csv", ".csv.gz", ".zip"].contains { name.lowercased().hasSuffix($0) }
    }

    /// The name of the CSV a packed file holds: `a.csv.gz` and `a.zip` give `a.csv`.
    public static func csvName(_ name: String) -> String {
        var name = name
        for packed in [".gz", ".zip"] where name.lowercased().hasSuffix(packed) { name = String(name.dropLast(packed.count)) }
        if !name.lowercased().hasSuffix(".csv") { name += ".csv" }
        return name
    }

    /// The media type of a file of this kind.
    public var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .gzip: "application/gzip"
        case .zip: "application/zip"
        }
    }
}

/// Where CSV bytes come from: a plain file, a gzip file, or a zip archive holding one CSV.
public enum CSVSource {
    public static let defaultMaxBytes = 2 << 30

    /// Streams the records of `url` (`.csv`, `.csv.gz`, `.zip` with one `.csv`) to `body`.
    public static func read(
        _ url: URL, maxBytes: Int = defaultMaxBytes, _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        var parser = CSVParser(file: url.lastPathComponent)
        try chunks(url, maxBytes: maxBytes) { chunk in try parser.feed(chunk, body) }
        try parser.finish(body)
    }

    /// Streams the records of CSV text already in memory.
    public static func read(data: Data, name: String, _ body: (borrowing CSVRecord) throws -> Void) throws {
        var parser = CSVParser(file: name)
        try parser.feed(data, body)
        try parser.finish(body)
    }

    /// The whole CSV content of a `.csv`, `.csv.gz` or `.zip` file, decompressed.
    public static func contents(_ url: URL, maxBytes: Int = defaultMaxBytes) throws -> Data {
        var data = Data()
        try chunks(url, maxBytes: maxBytes) { data.append(contentsOf: $0) }
        return data
    }

    /// The whole CSV content of bytes in memory of the given kind, decompressed (an upload, as
    /// it arrived: no temporary file). `name` is display text for messages.
    public static func contents(data: Data, kind: FileKind, name: String, maxBytes: Int = defaultMaxBytes) throws -> Data {
        func bad(_ message: String) -> CSVError { CSVError(file: name, line: nil, message: message) }
        switch kind {
        case .csv:
            guard data.count <= maxBytes else { throw tooLarge(name, maxBytes: maxBytes) }
            return data
        case .gzip:
            var out = Data()
            var given = false
            try Gzip.decompress(
                next: {
                    if given { return Data() }
                    given = true
                    guard data.starts(with: [0x1F, 0x8B]) else { throw bad("is not a gzip file (expected gzip-compressed CSV for a .gz name)") }
                    return data
                }, maxBytes: maxBytes, tooLarge: bad("decompresses to more than the limit of \(maxBytes >> 20) MiB"),
                damaged: { bad("is not valid gzip data (\($0))") }, { out.append($0) })
            return out
        case .zip:
            var out = Data()
            try ZipSource.readSingleCSV(data: data, name: name, maxBytes: maxBytes) { out.append($0) }
            return out
        }
    }

    /// The SHA-256 of the decompressed content of a `.csv`, `.csv.gz` or `.zip` file, read in
    /// chunks: what the archive names a file by, checked without holding it whole.
    public static func contentSHA256(_ url: URL, maxBytes: Int = defaultMaxBytes) throws -> String {
        var hasher = SHA256()
        try chunks(url, maxBytes: maxBytes) { hasher.update(bufferPointer: $0) }
        return Hashing.hex(hasher.finalize())
    }

    /// The error of CSV content past `maxBytes`, wherever it is read from.
    public static func tooLarge(_ name: String, maxBytes: Int) -> CSVError {
        CSVError(file: name, line: nil, message: "is larger than the limit of \(maxBytes >> 20) MiB")
    }

    /// The decompressed bytes of `url`, chunk by chunk (each valid only during the call).
    static func chunks(_ url: URL, maxBytes: Int, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        let name = url.lastPathComponent
        switch FileKind(fileName: name) {
        case .gzip:
            try Gzip.decompress(url, maxBytes: maxBytes) { try $0.withUnsafeBytes(consume) }
        case .zip:
            try ZipSource.readSingleCSV(url, maxBytes: maxBytes) { try $0.withUnsafeBytes(consume) }
        case .csv:
            // One reused buffer and read(2): a fresh `Data` per chunk cost a page fault and a
            // zeroed page for every 4 KiB of a large file. 1 MiB: 4 MiB read no faster, and
            // were 3 MiB more of the peak of every file scored.
            let fd = open(url.path, O_RDONLY)
            guard fd >= 0 else {
                throw CSVError(file: name, line: nil, message: "cannot be opened (no such file or no permission)")
            }
            defer { close(fd) }
            let capacity = 1 << 20
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
            defer { buffer.deallocate() }
            var total = 0
            while true {
                let n = posixRead(fd, buffer.baseAddress, capacity)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(file: name, line: nil, message: "cannot be read (\(String(cString: strerror(errno))))")
                }
                if n == 0 { break }
                total += n
                if total > maxBytes {
                    throw tooLarge(name, maxBytes: maxBytes)
                }
                try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
    }
}

/// read(2), named apart from `CSVSource.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #else
        Darwin.read(fd, buffer, count)
    #endif
}
