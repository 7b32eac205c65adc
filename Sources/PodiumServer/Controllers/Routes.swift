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

    init(store: Store, cookies: SessionCookies, maxUploadBytes: Int) {
        pages = PageRenderer(cookies: cookies)
        let submitter = UploadSubmitter(submissions: SubmissionService(store), gate: ScoringGate())
        api = APIController(store: store, maxUploadBytes: maxUploadBytes, submitter: submitter)
        challenges = ChallengePages(store: store, pages: pages, maxUploadBytes: maxUploadBytes, submitter: submitter)
        signIn = SignInPages(store: store, pages: pages, cookies: cookies)
        team = TeamPages(store: store, pages: pages)
        instructor = InstructorPages(store: store, pages: pages)
    }

    /// The OpenAPI document (Resources/openapi.yaml, embedded in the binary at build time).
    static let openAPI = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    var all: [Route] {
        [
            Route(.get, "/api/v1/challenges", .api, api.list),
            Route(.post, "/api/v1/challenges/{slug}/submissions", .api, access: .team, api.submit),
            Route(.get, "/api/v1/challenges/{slug}/submissions", .api, access: .signedIn, api.submissions),
            Route(.get, "/api/v1/challenges/{slug}/leaderboard", .api, api.leaderboard),
            Route(.get, "/api/v1/challenges/{slug}/grades.csv", .api, access: .instructor, api.grades),
            Route(.get, "/api/v1/grades.csv", .api, access: .instructor, api.courseGrades),
            Route(.get, "/openapi.yaml", .document) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Self.openAPI))
                )
            },
            Route(.get, "/", .page, challenges.home),
            Route(.get, "/challenges/{slug}", .page, challenges.challenge),
            Route(.get, "/challenges/{slug}/data", .page, challenges.data),
            Route(.get, "/challenges/{slug}/download", .page, challenges.download),
            Route(.get, "/challenges/{slug}/leaderboard", .page, challenges.leaderboard),
            Route(.get, "/challenges/{slug}/starting-kit", .page, challenges.startingKit),
            Route(.get, "/challenges/{slug}/submit", .page, challenges.submitPage),
            Route(.post, "/challenges/{slug}/submit", .page, challenges.submit),
            Route(.get, "/challenges/{slug}/team", .page, access: .team, team.page),
            Route(.get, "/challenges/{slug}/team/submissions/{id}", .page, access: .team, team.file),
            Route(.post, "/challenges/{slug}/team/select", .page, access: .team, team.select),
            Route(.get, "/signin", .page, signIn.form),
            Route(.post, "/signin", .page, signIn.signIn),
            Route(.post, "/signout", .page, signIn.signOut),
            Route(.get, "/instructor", .page, access: .instructor, instructor.home),
            Route(.get, "/instructor/{slug}", .page, access: .instructor, instructor.challenge),
            Route(.get, "/instructor/{slug}/grades.csv", .page, access: .instructor, instructor.gradesCSV),
            Route(.get, "/instructor/grades", .page, access: .instructor, instructor.courseGrades),
            Route(.get, "/instructor/grades.csv", .page, access: .instructor, instructor.courseGradesCSV),
            Route(.get, "/instructor/{slug}/integrity", .page, access: .instructor, instructor.integrity),
            Route(.get, "/instructor/{slug}/report", .page, access: .instructor, instructor.report),
            Route(.get, "/instructor/{slug}/submissions", .page, access: .instructor, instructor.submissions),
            Route(.get, "/instructor/{slug}/submissions/{id}", .page, access: .instructor, instructor.file),
            Route(.get, "/instructor/{slug}/reveal", .page, access: .instructor, instructor.confirmReveal),
            Route(.post, "/instructor/{slug}/reveal", .page, access: .instructor, instructor.reveal),
        ]
    }
}
