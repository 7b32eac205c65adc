import Foundation
import Hummingbird
import MultipartKit
import PodiumCore
import PodiumStore

/// The JSON API under `/api/v1` (described in `/openapi.yaml`).
struct APIController: Sendable {
    let store: Store
    let auth: Auth
    let maxUploadBytes: Int

    /// Every API route, as documented in `/openapi.yaml` (a test keeps the two in step).
    static let routes: [(method: String, path: String)] = [
        ("get", "/api/v1/challenges"),
        ("post", "/api/v1/challenges/{slug}/submissions"),
        ("get", "/api/v1/challenges/{slug}/submissions"),
        ("get", "/api/v1/challenges/{slug}/leaderboard"),
        ("get", "/api/v1/challenges/{slug}/grades.csv"),
    ]

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.get("challenges", use: list)
        group.post("challenges/:slug/submissions", use: submit)
        group.get("challenges/:slug/submissions", use: submissions)
        group.get("challenges/:slug/leaderboard", use: leaderboard)
        group.get("challenges/:slug/grades.csv", use: grades)
    }

    /// Runs a handler, turning every refusal into its JSON response.
    func respond(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch { return apiFailure(error).response }
    }

    func principal(_ request: Request) async throws -> Principal {
        guard let token = auth.bearer(request) else { return .anonymous }
        let store = auth
        let principal = try await offload { try store.principal(forToken: token) }
        if principal == .anonymous { throw APIFailure.unauthorized }
        return principal
    }

    struct ChallengeItem: Encodable {
        var slug: String
        var title: String
        var version: Int
        var task: String
        var metric: String
        var higherIsBetter: Bool
        var revealed: Bool
        var teams: Int
        var submissions: Int
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await respond {
            let store = self.store
            let items = try await offload {
                try store.challenges().map {
                    ChallengeItem(
                        slug: $0.manifest.slug, title: $0.manifest.title, version: $0.manifest.version, task: $0.manifest.task.rawValue,
                        metric: $0.manifest.metric, higherIsBetter: Metric(rawValue: $0.manifest.metric)?.higherIsBetter ?? true,
                        revealed: $0.revealed, teams: $0.teams, submissions: $0.submissions)
                }
            }
            return .json(try Formats.json(items))
        }
    }

    @Sendable func submit(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await respond {
            let slug = try context.parameters.require("slug")
            let store = self.store
            _ = try await offload { try store.manifest(slug) }  // 404 first
            guard let token = auth.bearer(request) else { throw APIFailure.unauthorized }
            let principal = try await offload { [auth] in try auth.principal(forToken: token) }
            switch principal {
            case .anonymous: throw APIFailure.unauthorized
            case .instructor: throw APIFailure(status: .forbidden, message: "the instructor token cannot submit; use a team token")
            case .team(let challenge, _) where challenge != slug:
                throw APIFailure(status: .forbidden, message: "this token belongs to a team of another challenge")
            case .team: break
            }
            let upload = try await Upload.read(request, limit: maxUploadBytes)
            let receipt = try await offload {
                try store.submit(challenge: slug, team: .token(token), file: upload.file, source: "api")
            }
            if let problems = receipt.problems {
                var failure = APIFailure(
                    status: .unprocessableContent, message: "submission #\(receipt.id) was refused; it does not count toward the limits",
                    problems: problems)
                failure.retryAt = nil
                return failure.response
            }
            return .json(try Formats.json(receipt), status: .created)
        }
    }

    @Sendable func submissions(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await respond {
            let slug = try context.parameters.require("slug")
            let principal = try await principal(request)
            let store = self.store
            let history: [SubmissionView]
            switch principal {
            case .anonymous: throw APIFailure.unauthorized
            case .instructor: history = try await offload { try store.submissions(slug, viewer: .instructor) }
            case .team(let challenge, let team):
                guard challenge == slug else { throw APIFailure(status: .forbidden, message: "this token belongs to a team of another challenge") }
                history = try await offload { try store.submissions(slug, team: team, viewer: .participant(team: team)) }
            }
            return .json(try Formats.json(history))
        }
    }

    @Sendable func leaderboard(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await respond {
            let slug = try context.parameters.require("slug")
            let kind: BoardKind
            switch request.uri.queryParameters.get("board") ?? "public" {
            case "public": kind = .public
            case "private": kind = .private
            case let other: throw APIFailure(status: .badRequest, message: "board must be public or private, not \(other)")
            }
            let principal = try await principal(request)
            let viewer: Viewer = principal == .instructor ? .instructor : .participant(team: nil)
            let store = self.store
            let board = try await offload { try store.leaderboard(slug, board: kind, viewer: viewer) }
            return .json(try Formats.json(board))
        }
    }

    @Sendable func grades(_ request: Request, context: BasicRequestContext) async throws -> Response {
        await respond {
            let slug = try context.parameters.require("slug")
            switch try await principal(request) {
            case .anonymous: throw APIFailure.unauthorized
            case .team: throw APIFailure.instructorOnly
            case .instructor: break
            }
            let store = self.store
            let csv = try await offload { try store.grades(slug).csv() }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(slug)-grades.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }
}

/// A submitted file, from a raw body (CSV, gzip or zip) or a multipart form's `file` part,
/// kept in a temporary file named so that the readers know its kind.
struct Upload: Sendable {
    let folder: TemporaryDirectory
    let file: URL
    var fields: [String: String]

    /// One part of a multipart body.
    struct Part {
        var headers: [(String, String)] = []
        var body = Data()

        var disposition: String? { headers.first { $0.0.lowercased() == "content-disposition" }?.1 }

        /// A parameter (`name`, `filename`) of the Content-Disposition header.
        func parameter(_ key: String) -> String? {
            guard let disposition else { return nil }
            for item in disposition.split(separator: ";") {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            return nil
        }
    }

    /// The parts of a multipart/form-data body (MultipartKit's parser).
    static func parts(_ buffer: ByteBuffer, boundary: String) throws -> [Part] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part()
        parser.onHeader = { name, value in current.headers.append((name, value)) }
        parser.onBody = { body in current.body.append(contentsOf: body.readableBytesView) }
        parser.onPartComplete = {
            parts.append(current)
            current = Part()
        }
        try parser.execute(buffer)
        return parts
    }

    static func read(_ request: Request, limit: Int) async throws -> Upload {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIFailure(status: .contentTooLarge, message: "the upload is larger than the limit of \(limit >> 20) MiB")
        }
        var bytes = Data(buffer.readableBytesView)
        var name = "submission.csv"
        var fields: [String: String] = [:]
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
                !boundary.isEmpty
            else {
                throw APIFailure(status: .badRequest, message: "multipart body without a boundary")
            }
            let parts: [Part]
            do { parts = try Self.parts(buffer, boundary: boundary) } catch {
                throw APIFailure(status: .badRequest, message: "the multipart body cannot be read")
            }
            guard let part = parts.first(where: { $0.parameter("name") == "file" }) else {
                throw APIFailure(status: .unprocessableContent, message: "the form has no file field")
            }
            bytes = part.body
            if let filename = part.parameter("filename"), !filename.isEmpty { name = filename }
            for field in ["token", "csrf"] {
                fields[field] = parts.first { $0.parameter("name") == field }.map { String(decoding: $0.body, as: UTF8.self) }
            }
        }
        guard !bytes.isEmpty else {
            throw APIFailure(status: .unprocessableContent, message: "the upload is empty; send the CSV as the body or as a form's file field")
        }
        // The name is display text (see `Echo.fileName`); the readers know a file's kind by its
        // name, so the bytes decide the extension.
        let base = Echo.fileName(name)
        if bytes.starts(with: [0x1F, 0x8B]) && !base.lowercased().hasSuffix(".gz") {
            name = base + ".gz"
        } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && !base.lowercased().hasSuffix(".zip") {
            name = base + ".zip"
        } else {
            name = base
        }
        let folder = try TemporaryDirectory(prefix: "podium-upload")
        let file = folder.url.appending(path: name)
        try bytes.write(to: file)
        return Upload(folder: folder, file: file, fields: fields)
    }
}
