import Foundation
import PodiumCore

/// The CSV parser on any bytes, fed in chunks whose size the first byte chooses: every record
/// handed out must be well formed, and the parser may only throw `CSVError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = bytes.first else { return 0 }
    let chunk = Int(first) % 64 + 1
    let body = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
    var parser = CSVParser(file: "fuzz.csv", maxRecordBytes: 1 << 16)
    var lastLine = 0
    let check: (borrowing CSVRecord) throws -> Void = { record in
        precondition(record.line >= lastLine, "lines go backwards")
        lastLine = record.line
        for i in 0..<record.count { _ = record[i].count }
        _ = record.strings
    }
    do {
        var offset = 0
        while offset < body.count {
            let end = min(offset + chunk, body.count)
            try parser.feed(UnsafeRawBufferPointer(rebasing: body[offset..<end]), check)
            offset = end
        }
        try parser.finish(check)
    } catch is CSVError {
    } catch {
        fatalError("unexpected error \(error)")
    }
    return 0
}
