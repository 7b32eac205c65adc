import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// The error of CSV content past `maxBytes`, wherever it is read from.
    public static func tooLarge(_ name: String, maxBytes: Int) -> CSVError {
        CSVError(file: name, line: nil, message: "is larger than the limit of \(maxBytes >> 20) MiB")
    }

    /// The decompressed bytes of `url`, chunk by chunk (each valid only during the call).
    static func chunks(_ url: URL, maxBytes: Int, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        let name = url.lastPathComponent
        let lower = name.lowercased()
        if lower.hasSuffix(".gz") {
            try Gzip.decompress(url, maxBytes: maxBytes) { try $0.withUnsafeBytes(consume) }
        } else if lower.hasSuffix(".zip") {
            try ZipSource.readSingleCSV(url, maxBytes: maxBytes) { try $0.withUnsafeBytes(consume) }
        } else {
            // One reused buffer and read(2): a fresh `Data` per chunk cost a page fault and a
            // zeroed page for every 4 KiB of a large file.
            let fd = open(url.path, O_RDONLY)
            guard fd >= 0 else {
                throw CSVError(file: name, line: nil, message: "cannot be opened (no such file or no permission)")
            }
            defer { close(fd) }
            let capacity = 4 << 20
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
