import Foundation
import Testing

@testable import PodiumCore

/// Reports handed in as PDF: the page count read from the page tree of real producers' files
/// (matplotlib's, a PDF 1.5 file with its page tree in a compressed object stream), and every
/// file that is not a whole PDF refused with what to do.
@Suite struct PDFFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func data(_ path: String) throws -> Data { try Data(contentsOf: Self.root.appending(path: path)) }

    @Test func pagesAreCountedFromThePageTree() throws {
        #expect(try PDFFile.pageCount(data("hand-ins/breast-cancer/alpha/report.pdf"), file: "report.pdf") == 5)
        #expect(try PDFFile.pageCount(data("hand-ins/breast-cancer/bravo/report.pdf"), file: "report.pdf") == 3)
        #expect(try PDFFile.pageCount(data("Tests/PodiumCoreTests/Fixtures/reports/objstm-4.pdf"), file: "objstm-4.pdf") == 4)
        #expect(try PDFFile.pageCount(data("Tests/PodiumCoreTests/Fixtures/reports/plain-2.pdf"), file: "plain-2.pdf") == 2)
    }

    @Test func whatIsNotAWholePDFIsRefusedWithWhatToDo() throws {
        func refusal(_ bytes: Data) -> String? {
            do {
                _ = try PDFFile.pageCount(bytes, file: "report.pdf")
                return nil
            } catch let refused as PDFFile.Refused {
                return refused.errorDescription
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal(Data()) == "report.pdf: is empty; expected a PDF file")
        #expect(refusal(Data("Our report\n".utf8))?.contains("is not a PDF (it does not begin with %PDF-)") == true)
        #expect(refusal(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))?.contains("is not a PDF") == true)
        #expect(refusal(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]))?.contains("is a zip file (a .docx or .odt?)") == true)
        let whole = try data("hand-ins/breast-cancer/alpha/report.pdf")
        #expect(refusal(whole.prefix(whole.count / 2))?.contains("cut short") == true)
        #expect(refusal(Data("%PDF-1.4\n1 0 obj << /Type /Outlines /Count 3 >> endobj\n%%EOF\n".utf8))?.contains("no page tree") == true)
        #expect(throws: PDFFile.Refused.self) { try PDFFile.pageCount(whole, file: "report.pdf", maxBytes: 1000) }
    }
}
