import CPodiumSupport
import Foundation

/// A report handed in as a PDF: checked as one, and its pages counted from its page tree.
///
/// Written here rather than calling poppler's `pdfinfo`: the file comes from a participant, and
/// this reader runs no other program on it, reads only what it needs (the header, the end
/// marker, and the page tree's `/Count`), inflates only object streams and within a bound, so
/// a hostile file costs at most its size and the bound. The page tree's root holds the total
/// in `/Count` (PDF 1.7, 7.7.3.2); PDF 1.5 files keep it in a compressed object stream, which
/// is why `/ObjStm` streams are inflated (zlib, already linked for gzip).
public enum PDFFile {
    public static let defaultMaxBytes = 20 << 20
    /// What the object streams of one file may inflate to, in all.
    static let maxInflatedBytes = 64 << 20

    public struct Refused: Error, LocalizedError, Equatable, Sendable {
        public var file: String
        public var message: String

        public var errorDescription: String? { "\(file): \(message)" }
    }

    /// The number of pages of `data` (named `file` in messages), or why it is not a PDF.
    public static func pageCount(_ data: Data, file: String, maxBytes: Int = defaultMaxBytes) throws -> Int {
        func refuse(_ message: String) -> Refused { Refused(file: file, message: message) }
        guard !data.isEmpty else { throw refuse("is empty; expected a PDF file") }
        guard data.count <= maxBytes else {
            throw refuse("is \(data.count >> 20) MiB, more than the limit of \(maxBytes >> 20) MiB; export it with compressed images")
        }
        let bytes = [UInt8](data)
        // Readers accept the header within the first 1024 bytes.
        guard find(Array("%PDF-".utf8), in: bytes, from: 0, to: min(bytes.count, 1024)) != nil else {
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                throw refuse("is a zip file (a .docx or .odt?), not a PDF; export the report as PDF")
            }
            throw refuse("is not a PDF (it does not begin with %PDF-); export the report as PDF")
        }
        guard find(Array("%%EOF".utf8), in: bytes, from: max(0, bytes.count - 2048), to: bytes.count) != nil else {
            throw refuse("is a PDF cut short (no %%EOF at its end): the upload or the export did not finish; send it again")
        }
        if find(Array("/Encrypt".utf8), in: bytes, from: 0, to: bytes.count) != nil, count(in: bytes) == nil {
            throw refuse("is encrypted; export it again without a password")
        }
        var pages = count(in: bytes)
        var used = 0
        for stream in objectStreams(bytes) {
            guard let text = inflated(Array(bytes[stream]), budget: &used) else { continue }
            if let n = count(in: text) { pages = max(pages ?? 0, n) }
        }
        guard let pages, pages > 0 else { throw refuse("has no page tree that can be read (a damaged PDF?); export it again") }
        return pages
    }

    // MARK: the page tree

    /// The largest `/Count` of a `/Type /Pages` dictionary in `bytes`: the tree's root.
    static func count(in bytes: [UInt8]) -> Int? {
        let key = Array("/Count".utf8)
        var best: Int?
        var position = 0
        while let at = find(key, in: bytes, from: position, to: bytes.count) {
            position = at + key.count
            var i = position
            while i < bytes.count && isSpace(bytes[i]) { i += 1 }
            var value = 0
            var digits = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, digits < 9 {
                value = value * 10 + Int(bytes[i] - 48)
                digits += 1
                i += 1
            }
            guard digits > 0, let dictionary = enclosingDictionary(bytes, at: at), isPagesNode(bytes, dictionary) else { continue }
            best = max(best ?? 0, value)
        }
        return best
    }

    /// The `<<`…`>>` around `position`, nested dictionaries skipped.
    static func enclosingDictionary(_ bytes: [UInt8], at position: Int) -> Range<Int>? {
        var depth = 0
        var i = position - 1
        var start: Int?
        while i > 0 && position - i < 4096 {
            if bytes[i] == 62 && bytes[i - 1] == 62 {
                depth += 1
                i -= 2
                continue
            }
            if bytes[i] == 60 && bytes[i - 1] == 60 {
                if depth == 0 {
                    start = i - 1
                    break
                }
                depth -= 1
                i -= 2
                continue
            }
            i -= 1
        }
        guard let start else { return nil }
        depth = 0
        i = start + 2
        while i + 1 < bytes.count && i - start < 8192 {
            if bytes[i] == 60 && bytes[i + 1] == 60 {
                depth += 1
                i += 2
                continue
            }
            if bytes[i] == 62 && bytes[i + 1] == 62 {
                if depth == 0 { return start..<(i + 2) }
                depth -= 1
                i += 2
                continue
            }
            i += 1
        }
        return nil
    }

    /// Whether a dictionary says `/Type /Pages` (not `/Page`, not `/Outlines`).
    static func isPagesNode(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        let type = Array("/Type".utf8)
        var position = range.lowerBound
        while let at = find(type, in: bytes, from: position, to: range.upperBound) {
            var i = at + type.count
            while i < range.upperBound && isSpace(bytes[i]) { i += 1 }
            let name = Array("/Pages".utf8)
            if i + name.count <= range.upperBound, Array(bytes[i..<(i + name.count)]) == name,
                i + name.count == range.upperBound || !isNameCharacter(bytes[i + name.count])
            {
                return true
            }
            position = at + type.count
        }
        return false
    }

    /// The data of every stream whose dictionary says `/Type /ObjStm` and `/FlateDecode`.
    static func objectStreams(_ bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let marker = Array("/ObjStm".utf8)
        let begin = Array("stream".utf8)
        let end = Array("endstream".utf8)
        var position = 0
        while let at = find(marker, in: bytes, from: position, to: bytes.count) {
            position = at + marker.count
            guard let dictionary = enclosingDictionary(bytes, at: at),
                find(Array("/FlateDecode".utf8), in: bytes, from: dictionary.lowerBound, to: dictionary.upperBound) != nil,
                let keyword = find(begin, in: bytes, from: dictionary.upperBound, to: min(bytes.count, dictionary.upperBound + 64))
            else { continue }
            var start = keyword + begin.count
            if start < bytes.count && bytes[start] == 13 { start += 1 }
            if start < bytes.count && bytes[start] == 10 { start += 1 }
            guard let stop = find(end, in: bytes, from: start, to: bytes.count) else { continue }
            found.append(start..<stop)
            position = stop
        }
        return found
    }

    /// A zlib stream's content, up to its end or the first damage; nil when nothing came out.
    /// `budget` counts what every stream of the file inflated to.
    static func inflated(_ input: [UInt8], budget: inout Int) -> [UInt8]? {
        var stream = z_stream()
        guard podium_zlib_inflate_init(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = input
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(input.count)
            while budget < maxInflatedBytes {
                let status = chunk.withUnsafeMutableBufferPointer { chunk in
                    stream.next_out = chunk.baseAddress
                    stream.avail_out = uInt(chunk.count)
                    return CPodiumSupport.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                out.append(contentsOf: chunk[0..<produced])
                budget += produced
                if status != Z_OK || (produced == 0 && stream.avail_in == 0) { break }
            }
        }
        return out.isEmpty ? nil : out
    }

    // MARK: bytes

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 13 || b == 9 || b == 12 || b == 0 }

    static func isNameCharacter(_ b: UInt8) -> Bool {
        !isSpace(b) && !"/<>[]()%{}".utf8.contains(b)
    }

    /// The first index of `needle` in `haystack[from..<to]`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, to: Int) -> Int? {
        guard let first = needle.first, to - from >= needle.count else { return nil }
        var i = from
        let last = to - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
