import Foundation
import Hummingbird
import PodiumCore
import PodiumStore

/// The TER's API: a team's report hand-ins, a supervisor's marks.
extension APIController {
    /// `PUT /api/v1/challenges/{slug}/report`, access `.team`: the PDF as the body (or a form's
    /// `file` part). 201 for the first version, 200 for a later one.
    @Sendable func handInReport(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let upload = try await Upload.read(request, limit: PDFFile.defaultMaxBytes)
        let name = upload.name == "submission.csv" ? "report.pdf" : upload.name
        let receipt = try await offload { [store] in
            try ReportHandInService(store).handIn(slug, team: .name(team), data: upload.data, fileName: name)
        }
        return .json(try Formats.json(receipt), status: receipt.version == 1 ? .created : .ok)
    }

    /// `GET /api/v1/challenges/{slug}/report`, access `.team`: every version handed in.
    @Sendable func reports(_ request: Request, context: PodiumContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let team = context.identity?.team(of: slug) else { throw APIFailure.unauthorized }
        let versions = try await offload { [store] in try ReportHandInService(store).versions(slug, team: team) }
        return .json(try Formats.json(versions))
    }

    struct MarksBody: Decodable {
        var students: [MarkEntry]
    }

    /// `GET /api/v1/challenges/{slug}/teams/{team}/marks`, access `.supervisor`: the team's
    /// students, their marks and its reports; another supervisor's team is 403.
    @Sendable func marks(_ request: Request, context: PodiumContext) async throws -> Response {
        let (slug, team, marker) = try markingTarget(context)
        let sheet = try await offload { [store] in try SupervisionService(store).sheet(slug, team: team, for: marker) }
        return .json(try Formats.json(sheet))
    }

    /// `PUT /api/v1/challenges/{slug}/teams/{team}/marks`, access `.supervisor`:
    /// `{"students": [{"studentId", "mark", "comment"}]}`, all or none; 409 once locked.
    @Sendable func setMarks(_ request: Request, context: PodiumContext) async throws -> Response {
        let (slug, team, marker) = try markingTarget(context)
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let body: MarksBody
        do {
            body = try JSONDecoder().decode(MarksBody.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIFailure(
                status: .badRequest,
                message: "expected the JSON body {\"students\": [{\"studentId\": \"…\", \"mark\": 15.5, \"comment\": \"…\"}]}")
        }
        let sheet = try await offload { [store] in try SupervisionService(store).setMarks(slug, team: team, entries: body.students, by: marker) }
        return .json(try Formats.json(sheet))
    }

    func markingTarget(_ context: PodiumContext) throws -> (String, String, Marker) {
        let slug = try context.parameters.require("slug")
        let team = try context.parameters.require("team")
        guard case .supervisor(let id, _)? = context.identity else { throw APIFailure.unauthorized }
        return (slug, team, .supervisor(id))
    }
}
