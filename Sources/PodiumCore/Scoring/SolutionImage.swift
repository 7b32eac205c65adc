import CPodiumSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A solution as it is in memory, written to a file once and mapped back: the store keeps one
/// per published version, so that scoring a submission neither reads nor parses the
/// solution's CSV again (at ten million rows, a second of every `podium submit`). The id
/// index is used where it lies in the mapping, shared through the page cache by every process;
/// the targets and the public bits are copied out.
///
/// The layout, little-endian: the magic `PODSOL04`; eight 64-bit words (rows, public rows,
/// index slots, long-id bytes, 1 for class codes or 0 for values, class count, tag bytes, and
/// the CRC-32 of everything after the tag); the tag (who wrote it for what: the store gives the bundle's SHA-256 and the
/// version); then, each from a multiple of 64 bytes: the index's slots (16 bytes each), the
/// long ids' bytes, the public bits (a 64-bit word per 64 rows), and the class codes (16 bits
/// a row) or the values (64-bit floats).
public enum SolutionImage {
    /// `04`: each slot holds its id's tag (see `IDEntry`); `03`: each id is in one of two
    /// buckets of four slots (see `IDIndex`). An image of an earlier layout (`01`, `02`: linear
    /// probing; `03`: no tags) is not read, and is written anew.
    static let magic = Array("PODSOL04".utf8)
    static let words = 8

    struct Layout {
        var rows: Int
        var publicCount: Int
        var slots: Int
        var longBytes: Int
        var classification: Bool
        var classCount: Int
        var tagBytes: Int

        static func align(_ n: Int) -> Int { (n + 63) & ~63 }
        var tagOffset: Int { 8 + 8 * SolutionImage.words }
        var tableOffset: Int { Self.align(tagOffset + tagBytes) }
        var longOffset: Int { Self.align(tableOffset + slots * MemoryLayout<IDSlot>.stride) }
        var bitsOffset: Int { Self.align(longOffset + longBytes) }
        var bitWords: Int { (rows + 63) / 64 }
        var targetOffset: Int { Self.align(bitsOffset + bitWords * 8) }
        var size: Int { targetOffset + rows * (classification ? 2 : 8) }
    }

    /// Writes `solution` to `url` (through a temporary file renamed into place, so that a
    /// reader finds the whole image or none), readable by its owner only.
    public static func write(_ solution: Solution, to url: URL, tag: String) throws {
        // Ids kept aside by the index (only ids whose hashes collide put any there) are not
        // in the layout: such a solution is parsed each time instead.
        guard solution.ids.stash.isEmpty else {
            throw PodiumError.invalid(url.path, "is not written: \(solution.ids.stash.count) ids of the solution have colliding hashes")
        }
        let (table, long) = solution.ids.parts
        let tagBytes = Array(tag.utf8)
        let layout = Layout(
            rows: solution.count, publicCount: solution.publicCount, slots: table.count, longBytes: long.count,
            classification: solution.manifest.task.isClassification, classCount: solution.manifest.classes.count, tagBytes: tagBytes.count)
        let (publicBits, classIndex, values) = (solution.publicBits, solution.classIndex, solution.values)
        try publicBits.withUnsafeBytes { bits in
            try classIndex.withUnsafeBytes { codes in
                try values.withUnsafeBytes { numbers in
                    // The sections in file order, each at its offset; zeros in between.
                    let sections = [
                        (layout.tableOffset, UnsafeRawBufferPointer(table)), (layout.longOffset, UnsafeRawBufferPointer(long)),
                        (layout.bitsOffset, bits), (layout.targetOffset, layout.classification ? codes : numbers),
                    ]
                    try write(sections, layout: layout, tag: tagBytes, to: url)
                }
            }
        }
    }

    /// The CRC-32 of a file's bytes from `layout.tableOffset` on, given as its sections.
    static func checksum(_ sections: [(offset: Int, bytes: UnsafeRawBufferPointer)], layout: Layout) -> UInt64 {
        var crc: UInt = 0
        var at = layout.tableOffset
        let zeros = [UInt8](repeating: 0, count: 64)
        for (offset, bytes) in sections {
            zeros.withUnsafeBufferPointer { crc = UInt(podium_crc32(crc, $0.baseAddress, offset - at)) }
            crc = UInt(podium_crc32(crc, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count))
            at = offset + bytes.count
        }
        return UInt64(crc)
    }

    static func write(_ sections: [(offset: Int, bytes: UnsafeRawBufferPointer)], layout: Layout, tag tagBytes: [UInt8], to url: URL) throws {
        let crc = checksum(sections, layout: layout)
        let temporary = url.deletingLastPathComponent().appending(path: ".\(UUID().uuidString).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw PodiumError.invalid(url.path, "cannot be written (\(String(cString: strerror(errno))))") }
        var written = 0
        func put(_ bytes: UnsafeRawBufferPointer) throws {
            var done = 0
            while done < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + done, min(bytes.count - done, 1 << 24))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw PodiumError.invalid(url.path, "cannot be written (\(String(cString: strerror(errno))))") }
                done += n
            }
            written += bytes.count
        }
        func pad(to offset: Int) throws {
            let zeros = [UInt8](repeating: 0, count: offset - written)
            try zeros.withUnsafeBytes(put)
        }
        do {
            try magic.withUnsafeBytes(put)
            let header: [UInt64] = [
                layout.rows, layout.publicCount, layout.slots, layout.longBytes, layout.classification ? 1 : 0, layout.classCount,
                layout.tagBytes, Int(crc),
            ].map { UInt64($0).littleEndian }
            try header.withUnsafeBytes(put)
            try tagBytes.withUnsafeBytes(put)
            for (offset, bytes) in sections {
                try pad(to: offset)
                if bytes.count > 0 { try put(bytes) }
            }
            guard fsync(fd) == 0, close(fd) == 0 else { throw PodiumError.invalid(url.path, "cannot be written (errno \(errno))") }
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw PodiumError.invalid(url.path, "cannot be written (errno \(errno))")
        }
    }

    /// The solution in the image at `url`, when it is a whole image written for `tag` and fits
    /// `manifest`; nil when absent or not (the caller then parses the CSV and writes it anew).
    public static func read(_ url: URL, manifest: ChallengeManifest, tag: String) -> Solution? {
        guard let file = MappedFile(url.path), file.size >= 8 + 8 * words else { return nil }
        let raw = UnsafeRawBufferPointer(start: file.base, count: file.size)
        guard Array(raw[0..<8]) == magic else { return nil }
        let word = { (i: Int) -> Int in Int(truncatingIfNeeded: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + 8 * i, as: UInt64.self))) }
        let limit = 1 << 40
        let fields = (0..<words).map(word)
        guard fields.allSatisfy({ $0 >= 0 && $0 < limit }) else { return nil }
        let layout = Layout(
            rows: fields[0], publicCount: fields[1], slots: fields[2], longBytes: fields[3], classification: fields[4] == 1,
            classCount: fields[5], tagBytes: fields[6])
        guard layout.size == file.size, layout.rows > 0, layout.classification == manifest.task.isClassification,
            layout.classCount == manifest.classes.count,
            Array(raw[layout.tagOffset..<(layout.tagOffset + layout.tagBytes)]) == Array(tag.utf8)
        else { return nil }
        let stored = UInt64(fields[7])
        let payload = UnsafeRawBufferPointer(start: file.base + layout.tableOffset, count: layout.size - layout.tableOffset)
        guard stored == checksum([(layout.tableOffset, payload)], layout: layout) else { return nil }
        let publicBits = Array(
            UnsafeBufferPointer(start: (file.base + layout.bitsOffset).assumingMemoryBound(to: UInt64.self), count: layout.bitWords))
        // What a damaged image could make the scorer read out of bounds is checked here.
        guard publicBits.reduce(0, { $0 + $1.nonzeroBitCount }) == layout.publicCount,
            publicBits.last.map({ layout.rows % 64 == 0 || $0 >> (layout.rows % 64) == 0 }) == true
        else { return nil }
        var classIndex: [UInt16] = []
        var values: [Double] = []
        if layout.classification {
            classIndex = Array(
                UnsafeBufferPointer(start: (file.base + layout.targetOffset).assumingMemoryBound(to: UInt16.self), count: layout.rows))
            guard classIndex.allSatisfy({ Int($0) < layout.classCount }) else { return nil }
        } else {
            values = Array(UnsafeBufferPointer(start: (file.base + layout.targetOffset).assumingMemoryBound(to: Double.self), count: layout.rows))
        }
        let table = HugeBuffer<IDSlot>(file, offset: layout.tableOffset, count: layout.slots)
        let long = HugeBuffer<UInt8>(file, offset: layout.longOffset, count: layout.longBytes)
        guard let ids = IDIndex(table: table, long: long, count: layout.rows) else { return nil }
        return Solution(
            manifest: manifest, ids: ids, classIndex: classIndex, values: values, publicBits: publicBits, publicCount: layout.publicCount)
    }
}

/// write(2), named apart from `SolutionImage.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}
