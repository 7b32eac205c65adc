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

    /// Fields of every length around a word (the parser looks for their ends eight bytes a
    /// step), quoted ones holding line breaks, CR, CRLF and blank lines, fed whole and in
    /// chunks of every size up to past a record: the same records each way (a record left
    /// unfinished by a chunk is completed apart from the rest of the next).
    @Test func everyChunkingGivesTheSameRecords() throws {
        var generator = SeededGenerator(seed: 11)
        var text = "id,value,note\r\n"
        var expected = [["id", "value", "note"]]
        for row in 0..<120 {
            let id = String(repeating: "x", count: row % 19) + "\(row)"
            let value = String(repeating: "7", count: Int.random(in: 0...17, using: &generator))
            let quoted = row % 4 == 0
            let note = quoted ? "a,\"b\"\nc\(row)" : String(repeating: "n", count: row % 13)
            text += "\(id),\(value),\(quoted ? "\"a,\"\"b\"\"\nc\(row)\"" : note)" + (row % 3 == 0 ? "\r\n" : "\n")
            if row % 10 == 0 { text += "\n" }
            expected.append([id, value, note])
        }
        let bytes = Array(text.utf8)
        #expect(try parse(bytes, chunk: bytes.count) == expected)
        for chunk in 1...90 {
            #expect(try parse(bytes, chunk: chunk) == expected, "chunk \(chunk)")
        }
    }

    /// The search for a field's end marks commas, LF and CR, and no other byte, at every
    /// position of a 64-byte block and of the shorter one at the end of an input; bytes with
    /// the high bit set (UTF-8) included.
    @Test func delimitersAreFoundInABlockExactly() {
        var wrong: [String] = []
        for count in [64, 63, 33, 8, 1] {
            for value in 0...255 {
                for position in 0..<count {
                    var bytes = [UInt8](repeating: 0xC3, count: count)
                    bytes[position] = UInt8(value)
                    let found = bytes.withUnsafeBufferPointer { CSVParser.delimiterMask($0.baseAddress!, count: count) }
                    let expected: UInt64 = [44, 10, 13].contains(value) ? 1 << UInt64(position) : 0
                    if found != expected { wrong.append("byte \(value) at \(position) of \(count)") }
                }
            }
        }
        let mixed = Array("a,b\r\n,,\"x\"\n".utf8) + [UInt8](repeating: 0x2B, count: 50)
        let mask = mixed.withUnsafeBufferPointer { CSVParser.delimiterMask($0.baseAddress!, count: $0.count) }
        #expect(mask == 0b100_0111_1010)
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
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

    /// A stray quote runs on over the lines after it: the error names the line it opened on,
    /// not only the line where the parser found out (a quoted field in a record's later
    /// field, a record that starts lines after the quote).
    @Test func strayQuoteIsLocatedWhereItOpened() {
        for chunk in [1, 3, 1000] {
            #expect(
                throws: CSVError(
                    file: "t.csv", line: 3,
                    message: "unexpected text after a closing quote (the quote opened on line 2: is a \" missing there?)")
            ) {
                _ = try parse(Array("id,y\n1,\"0.5\n2,\"0.5\n3,0.5\n".utf8), chunk: chunk)
            }
            #expect(throws: CSVError(file: "t.csv", line: 3, message: "a quoted field is not closed (missing \")")) {
                _ = try parse(Array("id,y,z\n1,\"a\nb\",\"c\n2,x,y\n".utf8), chunk: chunk)
            }
            #expect(throws: CSVError(file: "t.csv", line: 2, message: "unexpected text after a closing quote")) {
                _ = try parse(Array("id,y\n1,\"0.5\"x\n".utf8), chunk: chunk)
            }
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

    /// Decimals as prediction files hold them (signs, leading zeros, a point anywhere, up to
    /// 22 digits, so across the 19 digits the short path takes and 2^53): each read as the C
    /// library's correctly rounded `strtod` reads it, to the bit, -0 included.
    @Test func decimalsAreReadAsStrtodReadsThem() {
        var generator = SeededGenerator(seed: 5)
        var texts = ["0", "-0", "-0.0", "00.000", "9007199254740993", "9007199254740992.5", "0.1234567890123456789", "1234567890123456789"]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...22, using: &generator)
            var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            if Int.random(in: 0..<3, using: &generator) == 0 { text = String(repeating: "0", count: Int.random(in: 1...4, using: &generator)) + text }
            if Bool.random(using: &generator) {
                let at = text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &generator))
                text.insert(".", at: at)
            }
            if Int.random(in: 0..<3, using: &generator) == 0 { text = "-" + text }
            texts.append(text)
        }
        for text in texts {
            guard case .number(let v) = NumberParser.parse(text) else {
                Issue.record("\(text) not parsed")
                continue
            }
            let reference = text.withCString { strtod($0, nil) }
            #expect(v.bitPattern == reference.bitPattern, "\(text)")
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
