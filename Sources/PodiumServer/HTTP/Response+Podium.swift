import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore

/// Runs blocking work (SQLite, scoring) off the cooperative thread pool.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

extension Response {
    static func html(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html.text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A file to save: `contentType`, named `fileName` (ASCII: names are slugs and versions).
    static func attachment(_ bytes: some Sequence<UInt8>, contentType: String, fileName: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType, .contentDisposition: contentDisposition(fileName)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `attachment` with the name as RFC 6266 writes it: an ASCII `filename` (anything else,
    /// quotes and backslashes too, as `_`) and, when the name is not plain ASCII, its UTF-8
    /// form in `filename*`, which browsers prefer (`modèle.csv` stays `modèle.csv`).
    static func contentDisposition(_ fileName: String) -> String {
        let ascii = String(
            fileName.unicodeScalars.map { s -> Character in
                s.value >= 0x20 && s.value < 0x7F && s != "\"" && s != "\\" ? Character(s) : "_"
            })
        guard ascii != fileName else { return "attachment; filename=\"\(ascii)\"" }
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// A challenge's grade sheet as CSV.
    static func gradesCSV(_ csv: String, slug: String) -> Response {
        attachment(Array(csv.utf8), contentType: "text/csv; charset=utf-8", fileName: "\(slug)-grades.csv")
    }
}
