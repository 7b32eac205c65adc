import Foundation
import Hummingbird
import PodiumStore

/// Every route of the server, in one table: the router is built from it (`buildRouter`), and a
/// test checks `/openapi.yaml` against its API routes.
struct Routes: Sendable {
    let pages: PageRenderer
    let api: APIController
    let challenges: ChallengePages
    let signIn: SignInPages
    let team: TeamPages
    let instructor: InstructorPages
    let ter: TERPages
    /// `GET /metrics`, only with `podium serve --metrics`.
    let metrics: ServerMetrics?
    let store: Store

    init(store: Store, cookies: SessionCookies, maxUploadBytes: Int, metrics: ServerMetrics? = nil) {
        self.store = store
        self.metrics = metrics
        pages = PageRenderer(cookies: cookies)
        let submitter = UploadSubmitter(
            submissions: SubmissionService(store), runs: RunService(store), gate: ScoringGate(), metrics: metrics)
        api = APIController(store: store, maxUploadBytes: maxUploadBytes, submitter: submitter)
        challenges = ChallengePages(store: store, pages: pages, maxUploadBytes: maxUploadBytes, submitter: submitter)
        signIn = SignInPages(store: store, pages: pages, cookies: cookies)
        team = TeamPages(store: store, pages: pages)
        instructor = InstructorPages(store: store, pages: pages)
        ter = TERPages(store: store, pages: pages)
    }

    /// The OpenAPI document (Resources/openapi.yaml, embedded in the binary at build time).
    static let openAPI = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    var all: [Route] {
        [
            Route(.get, Paths.apiChallenges, .api, api.list),
            Route(.post, Paths.apiSubmissions, .api, access: .team, api.submit),
            Route(.get, Paths.apiSubmissions, .api, access: .signedIn, api.submissions),
            Route(.get, Paths.apiSubmission, .api, access: .signedIn, api.run),
            Route(.get, Paths.apiSubmissionLog, .api, access: .signedIn, api.runLog),
            Route(.get, Paths.apiLeaderboard, .api, api.leaderboard),
            Route(.get, Paths.apiGrades, .api, access: .instructor, api.grades),
            Route(.get, Paths.apiCourseGrades, .api, access: .instructor, api.courseGrades),
            Route(.put, Paths.apiReport, .api, access: .team, api.handInReport),
            Route(.get, Paths.apiReport, .api, access: .team, api.reports),
            Route(.get, Paths.apiMarks, .api, access: .supervisor, api.marks),
            Route(.put, Paths.apiMarks, .api, access: .supervisor, api.setMarks),
            Route(.get, Paths.healthz, .api, api.health),
            Route(.get, Paths.openAPI, .document) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Self.openAPI))
                )
            },
            Route(.get, Paths.home, .page, challenges.home),
            Route(.get, Paths.challenge, .page, challenges.challenge),
            Route(.get, Paths.data, .page, challenges.data),
            Route(.get, Paths.download, .page, challenges.download),
            Route(.get, Paths.leaderboard, .page, challenges.leaderboard),
            Route(.get, Paths.startingKit, .page, challenges.startingKit),
            Route(.get, Paths.submit, .page, challenges.submitPage),
            Route(.post, Paths.submit, .page, challenges.submit),
            Route(.get, Paths.team, .page, access: .team, team.page),
            Route(.get, Paths.teamFile, .page, access: .team, team.file),
            Route(.get, Paths.teamRun, .page, access: .team, team.run),
            Route(.post, Paths.teamSelect, .page, access: .team, team.select),
            Route(.post, Paths.teamReport, .page, access: .team, ter.handIn),
            Route(.get, Paths.teamReportFile, .page, access: .team, ter.teamReportFile),
            Route(.get, Paths.supervise, .page, access: .supervisor, ter.home),
            Route(.get, Paths.superviseTeam, .page, access: .supervisor, ter.team),
            Route(.post, Paths.superviseTeam, .page, access: .supervisor, ter.saveMarks),
            Route(.get, Paths.superviseReport, .page, access: .supervisor, ter.reportFile),
            Route(.get, Paths.signIn, .page, signIn.form),
            Route(.post, Paths.signIn, .page, signIn.signIn),
            Route(.post, Paths.signOut, .page, signIn.signOut),
            Route(.get, Paths.instructor, .page, access: .instructor, instructor.home),
            Route(.get, Paths.instructorChallenge, .page, access: .instructor, instructor.challenge),
            Route(.get, Paths.instructorGradesCSV, .page, access: .instructor, instructor.gradesCSV),
            Route(.get, Paths.courseGrades, .page, access: .instructor, instructor.courseGrades),
            Route(.get, Paths.courseGradesCSV, .page, access: .instructor, instructor.courseGradesCSV),
            Route(.get, Paths.integrity, .page, access: .instructor, instructor.integrity),
            Route(.get, Paths.report, .page, access: .instructor, instructor.report),
            Route(.get, Paths.submissions, .page, access: .instructor, instructor.submissions),
            Route(.get, Paths.instructorFile, .page, access: .instructor, instructor.file),
            Route(.get, Paths.reveal, .page, access: .instructor, instructor.confirmReveal),
            Route(.post, Paths.reveal, .page, access: .instructor, instructor.reveal),
            Route(.post, Paths.instructorMarksLock, .page, access: .instructor, ter.lock),
            Route(.post, Paths.instructorSupervisors, .page, access: .instructor, ter.addSupervisor),
        ] + (metrics.map { [Route(.get, Paths.metrics, .document, Self.metricsPage(store: store, metrics: $0))] } ?? [])
    }

    /// `GET /metrics`: Prometheus' text format. Not for participants: it answers anyone who
    /// reaches it, so the deployment keeps it off the public address (the proxy refuses it).
    static func metricsPage(store: Store, metrics: ServerMetrics) -> @Sendable (Request, PodiumContext) async throws -> Response {
        { _, _ in
            let tallies = try await offload { try ChallengeService(store).tallies() }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render(tallies))))
        }
    }
}
