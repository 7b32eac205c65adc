import Foundation
import ZIPFoundation

/// Reads zip archives (bundles, zipped submissions). ZIPFoundation writes them (`podium pack`)
/// and its `Data.decompress` drives zlib, but its `Archive` reader cannot be given anything a
/// student sends: fuzzing found that a damaged deflate stream makes it ask for input past the
/// entry forever (a 1 KB file held a core at 100% without end). So entries are located here,
/// from the central directory (with every offset and size checked against the file), and
/// inflated through `Inflation.provider`, which never reads past an entry.
struct ZipReader {
    struct Entry {
        var path: String
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var isDirectory: Bool
        var isSymlink: Bool
        var isEncrypted: Bool
    }

    struct Damaged: Error, CustomStringConvertible {
        var description: String
    }

    let data: Data
    let entries: [Entry]

    init(url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch { throw Damaged(description: "cannot be opened") }
        try self.init(data: data)
    }

    init(data: Data) throws {
        self.data = data
        guard let end = Self.endOfCentralDirectory(data) else { throw Damaged(description: "has no zip directory (not a zip archive)") }
        let count = Int(Self.u16(data, end + 10))
        let size = Int(Self.u32(data, end + 12))
        let offset = Int(Self.u32(data, end + 16))
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else { throw Damaged(description: "is a zip64 archive (not supported)") }
        guard offset + size <= end else { throw Damaged(description: "has a zip directory that does not fit in the file") }
        var entries: [Entry] = []
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= offset + size, Self.u32(data, p) == 0x0201_4B50 else { throw Damaged(description: "has a damaged zip directory") }
            let madeBy = Self.u16(data, p + 4) >> 8
            let flags = Self.u16(data, p + 8)
            let nameLength = Int(Self.u16(data, p + 28))
            let extraLength = Int(Self.u16(data, p + 30))
            let commentLength = Int(Self.u16(data, p + 32))
            let external = Self.u32(data, p + 38)
            guard p + 46 + nameLength <= offset + size else { throw Damaged(description: "has a damaged zip directory") }
            let name = String(decoding: data[(data.startIndex + p + 46)..<(data.startIndex + p + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(
                path: name, method: Self.u16(data, p + 10), crc32: Self.u32(data, p + 16), compressedSize: Int(Self.u32(data, p + 20)),
                uncompressedSize: Int(Self.u32(data, p + 24)), localHeaderOffset: Int(Self.u32(data, p + 42)),
                isDirectory: name.hasSuffix("/"), isSymlink: madeBy == 3 && (external >> 16) & 0xF000 == 0xA000, isEncrypted: flags & 1 != 0)
            guard entry.compressedSize != 0xFFFF_FFFF, entry.uncompressedSize != 0xFFFF_FFFF, entry.localHeaderOffset != 0xFFFF_FFFF else {
                throw Damaged(description: "is a zip64 archive (not supported)")
            }
            entries.append(entry)
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Where an entry's bytes lie in the file, checked.
    func range(of entry: Entry) throws -> Range<Int> {
        let header = entry.localHeaderOffset
        guard header + 30 <= data.count, Self.u32(data, header) == 0x0403_4B50 else {
            throw Damaged(description: "entry \(Echo.quoted(entry.path)) has a damaged header")
        }
        let start = header + 30 + Int(Self.u16(data, header + 26)) + Int(Self.u16(data, header + 28))
        guard start + entry.compressedSize <= data.count else {
            throw Damaged(description: "entry \(Echo.quoted(entry.path)) runs past the end of the file")
        }
        return start..<(start + entry.compressedSize)
    }

    /// Every regular file of the archive by path, in memory, stopping with an error once they
    /// would inflate past `limit` bytes in all (a small zip may claim gigabytes).
    func files(limit: Int) throws -> [String: Data] {
        var files: [String: Data] = [:]
        var total = 0
        for entry in entries where !entry.isDirectory && !entry.isSymlink && !entry.path.hasSuffix("/") {
            var data = Data()
            try read(entry) { chunk in
                total += chunk.count
                guard total <= limit else {
                    throw Damaged(description: "its files inflate past \(limit >> 20) MiB; it is not read further")
                }
                data.append(chunk)
            }
            files[entry.path] = data
        }
        return files
    }

    /// Streams an entry's content to `consumer`, checked against its CRC-32. Output is counted
    /// by the caller's consumer (see `Inflation.feed`); this only reads the entry's own bytes.
    func read(_ entry: Entry, bufferSize: Int = 1 << 16, consumer: (Data) throws -> Void) throws {
        guard !entry.isEncrypted else { throw Damaged(description: "entry \(Echo.quoted(entry.path)) is encrypted") }
        let range = try range(of: entry)
        var produced = 0
        let crc: UInt32
        switch entry.method {
        case 0:
            var checksum: UInt32 = 0
            var position = range.lowerBound
            while position < range.upperBound {
                let chunk = data.subdata(in: (data.startIndex + position)..<(data.startIndex + min(position + bufferSize, range.upperBound)))
                checksum = chunk.crc32(checksum: checksum)
                produced += chunk.count
                try consumer(chunk)
                position += chunk.count
            }
            crc = checksum
        case 8:
            crc = try withoutActuallyEscaping(consumer) { consumer in
                try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: bufferSize, skipCRC32: false,
                    provider: Inflation.provider(data, range),
                    consumer: { chunk in
                        produced += chunk.count
                        try consumer(chunk)
                    })
            }
        default:
            throw Damaged(description: "entry \(Echo.quoted(entry.path)) uses compression method \(entry.method) (only stored and deflate are read)")
        }
        guard crc == entry.crc32, produced == entry.uncompressedSize else {
            throw Damaged(description: "entry \(Echo.quoted(entry.path)) does not match its checksum (the archive is damaged)")
        }
    }

    /// The end-of-central-directory record: in the last 64 KiB + 22 bytes (after the comment).
    static func endOfCentralDirectory(_ data: Data) -> Int? {
        guard data.count >= 22 else { return nil }
        var p = data.count - 22
        let floor = max(0, data.count - 22 - 0xFFFF)
        while p >= floor {
            if u32(data, p) == 0x0605_4B50 { return p }
            p -= 1
        }
        return nil
    }

    static func u16(_ data: Data, _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { return 0 }
        let i = data.startIndex + offset
        return UInt16(data[i]) | UInt16(data[i + 1]) << 8
    }

    static func u32(_ data: Data, _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { return 0 }
        let i = data.startIndex + offset
        return UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
    }
}
