import Foundation
import ZIPFoundation

/// Reading `.csv.gz` files. ZIPFoundation inflates raw deflate streams over the system zlib;
/// the gzip wrapper around one (RFC 1952: a header, the stream, CRC-32 and size) is small
/// enough to read here rather than add a dependency for it.
public enum Gzip {
    /// gzip (RFC 1952) around ZIPFoundation's raw deflate over the system zlib.
    public static func compress(_ data: Data) throws -> Data {
        var out = Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF])
        let crc = try Data.compress(
            size: Int64(data.count), bufferSize: 1 << 16,
            provider: { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }, consumer: { out.append($0) })
        for value in [crc, UInt32(truncatingIfNeeded: data.count)] {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    static func decompress(_ url: URL, maxBytes: Int, _ consumer: (Data) throws -> Void) throws {
        let name = url.lastPathComponent
        func bad(_ message: String) -> CSVError { CSVError(file: name, line: nil, message: message) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw bad("cannot be opened (no such file or no permission)") }
        guard data.count >= 18, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B, data[data.startIndex + 2] == 8 else {
            throw bad("is not a gzip file (expected gzip-compressed CSV for a .gz name)")
        }
        let bytes = [UInt8](data)
        let flags = bytes[3]
        var p = 10
        if flags & 4 != 0 {  // FEXTRA
            guard p + 2 <= bytes.count else { throw bad("has a truncated gzip header") }
            p += 2 + (Int(bytes[p]) | (Int(bytes[p + 1]) << 8))
        }
        for flag: UInt8 in [8, 16] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while p < bytes.count && bytes[p] != 0 { p += 1 }
            p += 1
        }
        if flags & 2 != 0 { p += 2 }  // FHCRC
        guard p < bytes.count - 8 else { throw bad("has a truncated gzip header") }
        let end = bytes.count - 8
        let streamSize = end - p
        var produced = 0
        let crc = try Inflation.feed(
            consumer, limit: maxBytes, produced: &produced,
            tooLarge: bad("decompresses to more than the limit of \(maxBytes >> 20) MiB"),
            damaged: { _ in bad("is not valid gzip data (the compressed stream is damaged)") }
        ) { sink in
            try Data.decompress(
                size: Int64(streamSize), bufferSize: 1 << 20, skipCRC32: false,
                provider: Inflation.provider(data, p..<end), consumer: sink)
        }
        let storedCRC = UInt32(bytes[end]) | UInt32(bytes[end + 1]) << 8 | UInt32(bytes[end + 2]) << 16 | UInt32(bytes[end + 3]) << 24
        let storedSize = UInt32(bytes[end + 4]) | UInt32(bytes[end + 5]) << 8 | UInt32(bytes[end + 6]) << 16 | UInt32(bytes[end + 7]) << 24
        guard storedCRC == crc, storedSize == UInt32(truncatingIfNeeded: produced) else {
            throw bad("is damaged: its gzip checksum does not match its content")
        }
    }
}

enum ZipSource {
    /// Streams the one `.csv` inside a zip submission.
    static func readSingleCSV(_ url: URL, maxBytes: Int, _ consumer: (Data) throws -> Void) throws {
        let name = Echo.text(url.lastPathComponent)
        func bad(_ message: String) -> CSVError { CSVError(file: name, line: nil, message: message) }
        let archive: ZipReader
        do { archive = try ZipReader(url: url) } catch { throw bad("is not a readable zip archive (\(error))") }
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
            damaged: { error in bad("holds \(shown), which cannot be decompressed (\(error))") }
        ) { sink in try archive.read(entry, bufferSize: 1 << 20, consumer: sink) }
    }
}

enum Inflation {
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "the compressed stream ends early" }
    }

    /// The bytes `range` of `data` for ZIPFoundation's `Data.decompress`, which (0.9.20) trusts
    /// its provider twice over: it gives zlib a whole buffer even when the last chunk is
    /// shorter (zlib then reads past it), and asks again forever when a damaged stream never
    /// ends. So every chunk here is whole (zeros past the end, which the CRC check then
    /// refuses if they are ever used), and a request past the end throws.
    static func provider(_ data: Data, _ range: Range<Int>) -> (Int64, Int) throws -> Data {
        { position, size in
            let start = range.lowerBound + Int(position)
            guard start < range.upperBound else { throw Truncated() }
            var chunk = data.subdata(in: (data.startIndex + start)..<(data.startIndex + min(start + size, range.upperBound)))
            if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
            return chunk
        }
    }

    /// Runs a decompressor that pushes chunks to `sink`, passing them on to `consumer` and
    /// counting them against `limit`. The consumer's own errors come out unchanged; anything
    /// else the decompressor throws becomes `damaged`.
    static func feed<R>(
        _ consumer: (Data) throws -> Void, limit: Int, produced: inout Int, tooLarge: @autoclosure () -> CSVError,
        damaged: (any Error) -> CSVError, _ work: (@escaping (Data) throws -> Void) throws -> R
    ) throws -> R {
        var consumerError: (any Error)?
        var count = 0
        defer { produced = count }
        return try withoutActuallyEscaping(consumer) { consumer in
            let tooLargeError = tooLarge()
            do {
                return try work { chunk in
                    do {
                        count += chunk.count
                        if count > limit { throw tooLargeError }
                        try consumer(chunk)
                    } catch {
                        consumerError = error
                        throw error
                    }
                }
            } catch {
                if let consumerError { throw consumerError }
                throw damaged(error)
            }
        }
    }
}
