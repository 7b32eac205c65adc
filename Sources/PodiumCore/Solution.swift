import CPodiumSupport
import Foundation

/// The hidden answers of a challenge, indexed by id.
public struct Solution: Sendable {
    public let manifest: ChallengeManifest
    let ids: IDIndex
    /// Class index of each row (classification), in the manifest's class order.
    let classIndex: [UInt16]
    /// Target value of each row (regression).
    public let values: [Double]
    /// Which rows are public, a bit a row: at ten million rows it stays in cache.
    let publicBits: [UInt64]
    public let publicCount: Int

    public var count: Int { ids.count }
    /// Every id, in row order (the solution file's order).
    public func allIDs() -> [String] { ids.ids() }
    public func row(of id: String) -> Int? { ids.find(id) }

    @inline(__always)
    public func isPublic(_ row: Int) -> Bool { publicBits[row >> 6] & (1 << (row & 63)) != 0 }

    @inline(__always)
    func prefetchPublicBit(_ row: Int) {
        publicBits.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + (row >> 6)) }
    }

    /// Class index of each row (classification).
    public var labels: [Int32] { classIndex.map { Int32($0) } }

    /// Reads `reference/solution.csv`: the id column, the target column and `Usage`.
    public static func load(_ url: URL, manifest: ChallengeManifest, maxBytes: Int = CSVSource.defaultMaxBytes) throws -> Solution {
        // About 20 bytes a row: enough to size the id index once.
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return try load(name: url.lastPathComponent, manifest: manifest, expectedRows: bytes / 20) { body in
            try CSVSource.read(url, maxBytes: maxBytes, body)
        }
    }

    /// Reads a solution held in memory (as the store keeps it).
    public static func load(data: Data, name: String = "solution.csv", manifest: ChallengeManifest) throws -> Solution {
        try load(name: name, manifest: manifest, expectedRows: data.count / 20) { body in try CSVSource.read(data: data, name: name, body) }
    }

    static func load(name: String, manifest: ChallengeManifest, expectedRows: Int, source: ((borrowing CSVRecord) throws -> Void) throws -> Void)
        throws -> Solution
    {
        let expected = min(expectedRows, 50_000_000)
        var ids = IDIndex(expected: expected)
        let classification = manifest.task.isClassification
        var classIndex: [UInt16] = []
        var values: [Double] = []
        if classification { classIndex.reserveHugeCapacity(expected) } else { values.reserveHugeCapacity(expected) }
        var publicBits: [UInt64] = []
        publicBits.reserveCapacity(expected / 64 + 1)
        var rows = 0
        var publicCount = 0
        var idColumn = -1
        var targetColumn = -1
        var usageColumn = -1
        var width = 0
        var sawHeader = false
        let classBytes = manifest.classes.map { Array($0.utf8) }
        let publicBytes = Array("Public".utf8)
        let privateBytes = Array("Private".utf8)
        // Ids reach the index a few records behind the reader (see IDRing); rows are numbered
        // in file order, as they are inserted.
        var ring = IDRing()
        func insert(_ slot: Int) throws {
            if ring.withID(slot, { key, bytes in ids.insert(key, bytes) }) != nil {
                throw CSVError(file: name, line: ring.lines[slot], message: "id \(Echo.quoted(ring.string(slot))) appears twice")
            }
        }
        try source { record in
            func fail(_ message: String) -> CSVError { CSVError(file: name, line: record.line, message: message) }
            guard sawHeader else {
                let header = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
                for (column, key) in [(manifest.id, "id"), (manifest.target, "target"), ("Usage", "Usage")] where !header.contains(column) {
                    throw fail(
                        "missing column \(Echo.quoted(column)) (\(key)); expected a header with \(manifest.id),\(manifest.target),Usage, found \(Echo.list(header))"
                    )
                }
                idColumn = header.firstIndex(of: manifest.id)!
                targetColumn = header.firstIndex(of: manifest.target)!
                usageColumn = header.firstIndex(of: "Usage")!
                width = header.count
                sawHeader = true
                return
            }
            guard record.count == width else { throw fail("expected \(width) fields as in the header, found \(record.count)") }
            let id = trimmed(record[idColumn])
            guard !id.isEmpty else { throw fail("empty id") }
            let target = trimmed(record[targetColumn])
            if classification {
                guard let index = classBytes.firstIndex(where: { equal($0, target) }) else {
                    throw fail(
                        "target \(Echo.quoted(bytes: target)) is not one of the classes \(Echo.list(manifest.classes, separator: ", "))")
                }
                classIndex.append(UInt16(index))
            } else {
                guard case .number(let v) = NumberParser.parse(target) else {
                    throw fail("target \(Echo.quoted(bytes: target)) is not a finite number between -1e100 and 1e100")
                }
                values.append(v)
            }
            let usage = trimmed(record[usageColumn])
            if rows & 63 == 0 { publicBits.append(0) }
            if equal(publicBytes, usage) {
                publicBits[rows >> 6] |= 1 << (rows & 63)
                publicCount += 1
            } else if !equal(privateBytes, usage) {
                throw fail("Usage \(Echo.quoted(bytes: usage)) must be Public or Private")
            }
            rows += 1
            if ring.isFull { try insert(ring.oldest) }
            _ = ring.push(id, line: record.line, in: ids)
        }
        for slot in ring.waiting { try insert(slot) }
        guard sawHeader else { throw CSVError(file: name, line: nil, message: "is empty; expected a header \(manifest.id),\(manifest.target),Usage") }
        guard ids.count > 0 else { throw CSVError(file: name, line: nil, message: "has no rows") }
        return Solution(manifest: manifest, ids: ids, classIndex: classIndex, values: values, publicBits: publicBits, publicCount: publicCount)
    }
}

/// Byte equality of a small constant and a field.
@inline(__always)
func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in
        guard let p = a.baseAddress, let q = b.baseAddress else { return true }
        return memcmp(p, q, b.count) == 0
    }
}

@inline(__always)
func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lo = 0
    var hi = field.count
    while lo < hi && (field[lo] == 32 || field[lo] == 9) { lo += 1 }
    while hi > lo && (field[hi - 1] == 32 || field[hi - 1] == 9) { hi -= 1 }
    return UnsafeBufferPointer(rebasing: field[lo..<hi])
}
