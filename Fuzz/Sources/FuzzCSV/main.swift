import Foundation
import PodiumCore

/// The CSV parser on any bytes, fed in chunks whose size the first byte chooses: every record
/// handed out must be well formed, the parser may only throw `CSVError`, and chunking changes
/// nothing: the records and the error are those of the same bytes fed at once.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = bytes.first else { return 0 }
    let chunk = Int(first) % 64 + 1
    let body = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
    func parse(chunk: Int) -> (records: [[String]], lines: [Int], error: CSVError?) {
        var parser = CSVParser(file: "fuzz.csv", maxRecordBytes: 1 << 16)
        var records: [[String]] = []
        var lines: [Int] = []
        let check: (borrowing CSVRecord) throws -> Void = { record in
            precondition(record.line >= (lines.last ?? 0), "lines go backwards")
            lines.append(record.line)
            for i in 0..<record.count { _ = record[i].count }
            records.append(record.strings)
        }
        do {
            var offset = 0
            while offset < body.count {
                let end = min(offset + chunk, body.count)
                try parser.feed(UnsafeRawBufferPointer(rebasing: body[offset..<end]), check)
                offset = end
            }
            try parser.finish(check)
        } catch let error as CSVError {
            return (records, lines, error)
        } catch {
            fatalError("unexpected error \(error)")
        }
        return (records, lines, nil)
    }
    let chunked = parse(chunk: chunk)
    let whole = parse(chunk: max(body.count, 1))
    precondition(chunked.records == whole.records && chunked.lines == whole.lines, "chunks of \(chunk) bytes read other records")
    precondition(chunked.error == whole.error, "chunks of \(chunk) bytes gave another error")
    return 0
}
