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
