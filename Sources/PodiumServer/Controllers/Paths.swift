import Foundation

/// A route's path as the route table spells it (`/challenges/{slug}/team`), and the path of
/// one of its pages, its `{parameters}` filled in order (each percent-encoded as a path
/// segment). Pages link and redirect through these, never through a path spelled again.
struct RoutePath: Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    let template: String

    init(stringLiteral template: String) { self.template = template }

    var description: String { template }

    /// The path with `values` in place of its parameters, in order.
    func callAsFunction(_ values: String...) -> String {
        var values = values[...]
        return template.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            guard part.hasPrefix("{"), part.hasSuffix("}"), let value = values.popFirst() else { return String(part) }
            return value.addingPercentEncoding(withAllowedCharacters: Self.segment) ?? value
        }.joined(separator: "/")
    }

    /// What a path segment may hold as it is (RFC 3986's unreserved characters and sub-delims
    /// without `/`, `?`, `#`).
    static let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))
}

/// Every path of the server, once: the route table (`Routes.all`) is built from these, and the
/// pages' links and redirects use them.
enum Paths {
    static let apiChallenges: RoutePath = "/api/v1/challenges"
    static let apiSubmissions: RoutePath = "/api/v1/challenges/{slug}/submissions"
    static let apiSubmission: RoutePath = "/api/v1/challenges/{slug}/submissions/{id}"
    static let apiSubmissionLog: RoutePath = "/api/v1/challenges/{slug}/submissions/{id}/log"
    static let apiLeaderboard: RoutePath = "/api/v1/challenges/{slug}/leaderboard"
    static let apiGrades: RoutePath = "/api/v1/challenges/{slug}/grades.csv"
    static let apiCourseGrades: RoutePath = "/api/v1/grades.csv"
    static let apiReport: RoutePath = "/api/v1/challenges/{slug}/report"
    static let apiMarks: RoutePath = "/api/v1/challenges/{slug}/teams/{team}/marks"
    static let openAPI: RoutePath = "/openapi.yaml"
    static let healthz: RoutePath = "/healthz"
    static let metrics: RoutePath = "/metrics"

    static let home: RoutePath = "/"
    static let challenge: RoutePath = "/challenges/{slug}"
    static let data: RoutePath = "/challenges/{slug}/data"
    static let download: RoutePath = "/challenges/{slug}/download"
    static let leaderboard: RoutePath = "/challenges/{slug}/leaderboard"
    static let startingKit: RoutePath = "/challenges/{slug}/starting-kit"
    static let submit: RoutePath = "/challenges/{slug}/submit"
    static let team: RoutePath = "/challenges/{slug}/team"
    static let teamFile: RoutePath = "/challenges/{slug}/team/submissions/{id}"
    static let teamSelect: RoutePath = "/challenges/{slug}/team/select"
    static let teamRun: RoutePath = "/challenges/{slug}/team/runs/{id}"
    static let teamReport: RoutePath = "/challenges/{slug}/team/report"
    static let teamReportFile: RoutePath = "/challenges/{slug}/team/report/{version}"
    static let supervise: RoutePath = "/supervise"
    static let superviseTeam: RoutePath = "/supervise/{slug}/{team}"
    static let superviseReport: RoutePath = "/supervise/{slug}/{team}/report/{version}"
    static let signIn: RoutePath = "/signin"
    static let signOut: RoutePath = "/signout"
    static let instructor: RoutePath = "/instructor"
    static let instructorChallenge: RoutePath = "/instructor/{slug}"
    static let instructorGradesCSV: RoutePath = "/instructor/{slug}/grades.csv"
    static let courseGrades: RoutePath = "/instructor/grades"
    static let courseGradesCSV: RoutePath = "/instructor/grades.csv"
    static let integrity: RoutePath = "/instructor/{slug}/integrity"
    static let report: RoutePath = "/instructor/{slug}/report"
    static let submissions: RoutePath = "/instructor/{slug}/submissions"
    static let instructorFile: RoutePath = "/instructor/{slug}/submissions/{id}"
    static let reveal: RoutePath = "/instructor/{slug}/reveal"
    static let instructorMarksLock: RoutePath = "/instructor/{slug}/marks/lock"
    static let instructorSupervisors: RoutePath = "/instructor/{slug}/supervisors"
}
