import Foundation
import Hummingbird
import MultipartKit
import PodiumCore

/// A submitted file, from a raw body (CSV, gzip or zip) or a multipart form's `file` part,
/// kept in memory as it arrived, with its kind sniffed once from its first bytes.
struct Upload: Sendable {
    let data: Data
    let kind: FileKind
    /// The file's name, as display text (see `Echo.fileName`).
    let name: String
    /// The form's team token, when a form was sent.
    var token: String?
    /// The submission's description: the form's `message` field, else `?message=`.
    var message: String?

    /// The fields of the submit form (MultipartKit decodes the body).
    struct Form: Decodable {
        var file: FilePart?
        var token: String?
        var message: String?
    }

    /// A form's file field: its bytes and the name the browser gave.
    struct FilePart: Decodable, MultipartPartConvertible {
        var part: MultipartPart

        var multipart: MultipartPart? { part }

        init?(multipart: MultipartPart) { part = multipart }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a file"))
        }
    }

    static func read(_ request: Request, limit: Int) async throws -> Upload {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIFailure(status: .contentTooLarge, message: "the upload is larger than the limit of \(limit >> 20) MiB")
        }
        var bytes = Data(buffer.readableBytesView)
        // A raw body's name: `Content-Disposition: attachment; filename="…"` when the client
        // sends one (curl -H), else submission.csv; the id, time and description tell it apart.
        var name =
            request.headers[.contentDisposition].flatMap { HeaderParameters($0)["filename"] }.flatMap { $0.isEmpty ? nil : $0 } ?? "submission.csv"
        var token: String?
        var message = request.uri.queryParameters.get("message")
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = HeaderParameters(contentType)["boundary"], !boundary.isEmpty else {
                throw APIFailure(status: .badRequest, message: "multipart body without a boundary")
            }
            let form: Form
            do { form = try FormDataDecoder().decode(Form.self, from: buffer, boundary: boundary) } catch {
                throw APIFailure(status: .badRequest, message: "the multipart body cannot be read")
            }
            guard let part = form.file?.part else {
                throw APIFailure(status: .unprocessableContent, message: "the form has no file field")
            }
            bytes = Data(part.body.readableBytesView)
            if let disposition = part.headers.first(name: "Content-Disposition"), let filename = HeaderParameters(disposition)["filename"],
                !filename.isEmpty
            {
                name = filename
            }
            token = form.token
            if let field = form.message, !field.isEmpty { message = field }
        }
        guard !bytes.isEmpty else {
            throw APIFailure(status: .unprocessableContent, message: "the upload is empty; send the CSV as the body or as a form's file field")
        }
        // The bytes decide the kind, whatever the name says; the name is display text.
        return Upload(data: bytes, kind: FileKind.sniff(bytes), name: Echo.fileName(name), token: token, message: message)
    }
}

/// The `key=value` parameters of a header such as Content-Type or Content-Disposition
/// (`form-data; name="file"; filename="a.csv"`); keys are case-insensitive, quotes removed.
struct HeaderParameters {
    private var values: [String: String] = [:]

    init(_ header: String) {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            values[pair[0].lowercased()] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    subscript(key: String) -> String? { values[key.lowercased()] }
}

/// A URL-encoded form's fields. A body that does not decode is the sender's fault (400); any
/// other decoding error (a stored value that no longer decodes) stays the server's (500).
enum FormBody {
    static func decode<Form: Decodable>(_ type: Form.Type, _ request: Request, _ context: PodiumContext) async throws -> Form {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
        } catch {
            throw APIFailure(status: .badRequest, message: "the form cannot be read")
        }
    }
}
