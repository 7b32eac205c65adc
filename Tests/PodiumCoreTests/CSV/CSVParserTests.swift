import Foundation
import Testing
import ZIPFoundation

@testable import PodiumCore

/// The CSV parser: quotes, BOM, CRLF and chunk boundaries, physical line numbers, numbers.
@Suite struct CSVParserTests {
    func parse(_ text: [UInt8], chunk: Int) throws -> [[String]] {
        var parser = CSVParser(file: "t.csv")
        var out: [[String]] = []
        var i = 0
        while i < text.count {
            let piece = Array(text[i..<min(i + chunk, text.count)])
            try piece.withUnsafeBytes { try parser.feed($0) { out.append($0.strings) } }
            i += chunk
        }
        try parser.finish { out.append($0.strings) }
        return out
    }

    @Test func quotesBOMCRLFAndChunkBoundaries() throws {
        let text = Array("\u{FEFF}id,text\r\n1,\"a, \"\"quoted\"\"\r\nline\"\r\n\r\n2,plain\r\n3,\n".utf8)
        let expected = [["id", "text"], ["1", "a, \"quoted\"\r\nline"], ["2", "plain"], ["3", ""]]
        for chunk in [1, 2, 3, 5, 7, 1000] {
            #expect(try parse(text, chunk: chunk) == expected, "chunk \(chunk)")
        }
    }

    @Test func lineNumbersCountPhysicalLines() throws {
        var parser = CSVParser(file: "t.csv")
        var lines: [Int] = []
        try parser.feed(Data("h\n\"a\nb\"\n\nc\n".utf8)) { lines.append($0.line) }
        try parser.finish { lines.append($0.line) }
        #expect(lines == [1, 2, 5])
    }

    @Test func unclosedQuoteIsLocated() {
        var parser = CSVParser(file: "t.csv")
        #expect(throws: CSVError(file: "t.csv", line: 2, message: "a quoted field is not closed (missing \")")) {
            try parser.feed(Data("h\n\"abc\n".utf8)) { _ in }
            try parser.finish { _ in }
        }
    }

    @Test func numbers() {
        for (text, value) in [
            ("0.1", 0.1), ("-2.5e-3", -2.5e-3), (" 42 ", 42.0), ("1e22", 1e22), ("0.30000000000000004", 0.30000000000000004),
            ("123456789012345678901", 123456789012345678901.0), (".5", 0.5), ("1.", 1.0),
        ] {
            guard case .number(let v) = NumberParser.parse(text) else {
                Issue.record("\(text) not parsed")
                continue
            }
            #expect(v == value, "\(text)")
        }
        for text in ["nan", "-inf", "Infinity", "1e400"] {
            guard case .nonFinite = NumberParser.parse(text) else {
                Issue.record("\(text) should be non-finite")
                continue
            }
        }
        for text in ["", "abc", "1,5", "0x10", "1e", "--1", "."] {
            guard case .invalid = NumberParser.parse(text) else {
                Issue.record("\(text) should be invalid")
                continue
            }
        }
    }

    @Test func randomBytesNeverCrash() throws {
        var rng = SeededGenerator(seed: 9)
        let alphabet: [UInt8] = Array("ab,\"\r\n1.e-".utf8) + [0xFF, 0x00, 0xEF, 0xBB, 0xBF]
        for _ in 0..<300 {
            let bytes = (0..<rng.below(200)).map { _ in alphabet[rng.below(alphabet.count)] }
            _ = try? parse(bytes, chunk: 1 + rng.below(17))
        }
    }
}
