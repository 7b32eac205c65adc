import Foundation

/// The hidden answers of a challenge, indexed by id.
public struct Solution: Sendable {
    public let manifest: ChallengeManifest
    let ids: IDIndex
    /// Class index of each row (classification).
    public let labels: [Int32]
    /// Target value of each row (regression).
    public let values: [Double]
    public let isPublic: [Bool]

    public var count: Int { ids.count }
    public var publicCount: Int { isPublic.lazy.filter { $0 }.count }
    public func id(_ row: Int) -> String { ids.id(row) }
    public func row(of id: String) -> Int? { ids.find(id) }

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
        var ids = IDIndex(expected: min(expectedRows, 50_000_000))
        var labels: [Int32] = []
        var values: [Double] = []
        var isPublic: [Bool] = []
        var idColumn = -1
        var targetColumn = -1
        var usageColumn = -1
        var width = 0
        var sawHeader = false
        let classBytes = manifest.classes.map { Array($0.utf8) }
        let classification = manifest.task.isClassification
        // Ids are inserted a batch at a time (see IDIndex.find(batch:)).
        var batch = IDBatch()
        func flush() throws {
            ids.prefetch(batch: batch)
            for i in 0..<batch.count {
                let inserted = batch.withIDs { id in ids.insert(id(i)).inserted }
                if !inserted {
                    throw CSVError(file: name, line: batch.lines[i], message: "id \"\(batch.string(i))\" appears twice")
                }
            }
            batch.removeAll()
        }
        try source { record in
            func fail(_ message: String) -> CSVError { CSVError(file: name, line: record.line, message: message) }
            guard sawHeader else {
                let header = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
                for (column, key) in [(manifest.id, "id"), (manifest.target, "target"), ("Usage", "Usage")] where !header.contains(column) {
                    throw fail(
                        "missing column \"\(column)\" (\(key)); expected a header with \(manifest.id),\(manifest.target),Usage, found \(header.joined(separator: ","))"
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
            let id = record[idColumn]
            guard !id.isEmpty else { throw fail("empty id") }
            batch.append(id, line: record.line)
            if batch.count == 1024 { try flush() }
            let target = trimmed(record[targetColumn])
            if classification {
                guard let index = classBytes.firstIndex(where: { $0.elementsEqual(target) }) else {
                    throw fail(
                        "target \"\(String(decoding: target, as: UTF8.self))\" is not one of the classes \(manifest.classes.joined(separator: ", "))")
                }
                labels.append(Int32(index))
            } else {
                guard case .number(let v) = NumberParser.parse(target) else {
                    throw fail("target \"\(String(decoding: target, as: UTF8.self))\" is not a finite number")
                }
                values.append(v)
            }
            switch String(decoding: trimmed(record[usageColumn]), as: UTF8.self) {
            case "Public": isPublic.append(true)
            case "Private": isPublic.append(false)
            case let other: throw fail("Usage \"\(other)\" must be Public or Private")
            }
        }
        try flush()
        guard sawHeader else { throw CSVError(file: name, line: nil, message: "is empty; expected a header \(manifest.id),\(manifest.target),Usage") }
        guard ids.count > 0 else { throw CSVError(file: name, line: nil, message: "has no rows") }
        return Solution(manifest: manifest, ids: ids, labels: labels, values: values, isPublic: isPublic)
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
