import Foundation
import Testing

@testable import PodiumCore

/// The audit's tables, column by column: numbers where every value of a column is one in every
/// file, text elsewhere, each read exactly as written.
@Suite struct ColumnarTableTests {
    func file(_ text: String) throws -> (TemporaryDirectory, URL) {
        let folder = try TemporaryDirectory(prefix: "podium-columns")
        let url = folder.url.appending(path: "train.csv")
        try Data(text.utf8).write(to: url)
        return (folder, url)
    }

    @Test func aColumnIsNumericWhenEveryValueIsANumber() throws {
        let (folder, url) = try file("id,x,mixed,empty,word\n007, 1.50 ,1.50,,a\n8,-0,x,,b\n9,,2,,c\n")
        defer { _ = folder }
        let shape = try ColumnarTable.numericColumns(url)
        #expect(shape.header == ["id", "x", "mixed", "empty", "word"])
        // An all-empty column is not numeric; one text value makes a column text.
        #expect(shape.numeric == [true, true, false, false, false])
        let table = try ColumnarTable.read(url, numeric: ["x"])
        #expect(table.lines == [2, 3, 4])
        guard case .numbers(let x) = table.columns[1] else {
            Issue.record("x is not numeric")
            return
        }
        #expect(x[0] == 1.5 && x[1] == 0 && x[1].sign == .plus && x[2].isNaN)
        // Text is kept as written (trimmed of spaces and tabs): "007" stays "007", "1.50" "1.50".
        #expect(table.text("id") == ["007", "8", "9"])
        #expect(table.text("mixed") == ["1.50", "x", "2"])
        #expect(table.text("word") == ["a", "b", "c"])
        // A header alone decides nothing: every column may be numeric.
        let (other, header) = try file("id,x\n")
        defer { _ = other }
        #expect(try ColumnarTable.numericColumns(header).numeric == [true, true])
    }

    @Test func aShortRowOrANonNumberIsRefusedWithItsLine() throws {
        let (folder, url) = try file("id,x\n1,2\n2\n")
        defer { _ = folder }
        #expect(throws: CSVError(file: "train.csv", line: 3, message: "expected 2 fields as in the header, found 1")) {
            try ColumnarTable.numericColumns(url)
        }
        let (other, text) = try file("id,x\n1,2\n2,two\n")
        defer { _ = other }
        #expect(throws: CSVError(file: "train.csv", line: 3, message: "expected a number in column \"x\"")) {
            try ColumnarTable.read(text, numeric: ["x"])
        }
    }
}
