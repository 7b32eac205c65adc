import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Testing

@testable import PodiumServer

/// The TER in one place: reports handed in (breast-cancer's `grading.report`: weight 0.5, due
/// 2027-04-30, 4 to 6 pages), supervisors who see and mark only their teams, marks changed then
/// locked, and the grade sheet's `ter_grade` from both parts.
@Suite struct TERTests {
    let world: World
    init() throws { world = try World() }

    func pdf(_ team: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: root.appending(path: "hand-ins/breast-cancer/\(team)/report.pdf")))
    }

    var alpha: String { world.tokens["breast-cancer"]!["alpha"]! }
    static let report = "/api/v1/challenges/breast-cancer/report"

    @Test func aReportIsHandedInReplacedThenHandedInLate() async throws {
        var pdfHeaders = bearer(alpha)
        pdfHeaders[.contentType] = "application/pdf"
        let headers = pdfHeaders
        try await world.app().test(.router) { client in
            try await client.execute(uri: Self.report, method: .put, headers: headers, body: try pdf("alpha")) { response in
                #expect(response.status == .created)
                let body = try #require(try json(response) as? [String: Any])
                #expect(body["version"] as? Int == 1)
                #expect(body["pages"] as? Int == 5)
                #expect(body["late"] as? Bool == false)
                #expect((body["sha256"] as? String)?.count == 64)
                #expect(body["handedInAt"] as? String == "2027-01-15T09:00:00Z")
                #expect(body["warning"] == nil)
            }
            // Replaced before the due date: a new version; 3 pages is outside [4, 6], said, not refused.
            try await client.execute(uri: Self.report, method: .put, headers: headers, body: try pdf("bravo")) { response in
                #expect(response.status == .ok)
                let body = try #require(try json(response) as? [String: Any])
                #expect(body["version"] as? Int == 2)
                #expect(body["pages"] as? Int == 3)
                #expect((body["warning"] as? String)?.contains("expected to have 4 to 6") == true)
            }
            world.clock.set("2027-05-02T08:00:00+02:00")
            try await client.execute(uri: Self.report, method: .put, headers: headers, body: try pdf("alpha")) { response in
                #expect(response.status == .ok)
                let body = try #require(try json(response) as? [String: Any])
                #expect(body["version"] as? Int == 3)
                #expect(body["late"] as? Bool == true)
            }
            // Not a PDF: refused, and nothing kept.
            try await client.execute(uri: Self.report, method: .put, headers: headers, body: ByteBuffer(string: "id,diagnosis\n1,0.5\n")) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(text(response).contains("is not a PDF"))
            }
            try await client.execute(uri: Self.report, method: .get, headers: bearer(alpha)) { response in
                #expect(response.status == .ok)
                let versions = try #require(try json(response) as? [[String: Any]])
                #expect(versions.map { $0["version"] as? Int } == [1, 2, 3])
                #expect(versions.map { $0["late"] as? Bool } == [false, false, true])
            }
            // The instructor cannot hand in for a team; a challenge without a report has none.
            try await client.execute(uri: Self.report, method: .put, headers: bearer(world.instructor), body: try pdf("alpha")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/challenges/wine/report", method: .put, headers: bearer(world.tokens["wine"]!["alpha"]!), body: try pdf("alpha")
            ) {
                #expect($0.status == .notFound)
                #expect(text($0).contains("takes no report"))
            }
        }
        // Every version is in the archive, byte for byte.
        let first = try ReportHandInService(world.store).file("breast-cancer", team: "alpha", version: 1)
        #expect(first.data == Data(try pdf("alpha").readableBytesView))
    }

    func marks(_ body: String) -> ByteBuffer { ByteBuffer(string: body) }

    @Test func supervisorsMarkOnlyTheirTeamsUntilTheLock() async throws {
        let service = SupervisionService(world.store)
        let lovelace = try service.add(name: "Ada Lovelace", email: "ada@lab.example.fr", challenge: "breast-cancer", teams: ["alpha", "bravo"])
        let turing = try service.add(name: "Alan Turing", email: "alan@lab.example.fr", challenge: "breast-cancer", teams: ["charlie"])
        let ada = try #require(lovelace.token)
        let alan = try #require(turing.token)
        #expect(ada.hasPrefix("supervisor"))
        // The same email again: teams added, no second token.
        #expect(try service.add(name: "Ada Lovelace", email: "ADA@lab.example.fr", challenge: "breast-cancer", teams: ["delta"]).token == nil)
        _ = try ReportHandInService(world.store).handIn(
            "breast-cancer", team: .name("alpha"), data: Data(try pdf("alpha").readableBytesView), fileName: "report.pdf")
        let alphaMarks = "/api/v1/challenges/breast-cancer/teams/alpha/marks"
        let charlieMarks = "/api/v1/challenges/breast-cancer/teams/charlie/marks"
        try await world.app().test(.router) { client in
            try await client.execute(
                uri: alphaMarks, method: .put, headers: bearer(ada),
                body: marks(#"{"students": [{"studentId": "22001234", "mark": 14, "comment": "clear"}, {"studentId": "22001235", "mark": 12}]}"#)
            ) { response in
                #expect(response.status == .ok, "\(text(response))")
                let sheet = try #require(try json(response) as? [String: Any])
                let students = try #require(sheet["students"] as? [[String: Any]])
                #expect(students.compactMap { $0["mark"] as? Double }.sorted() == [12, 14])
                #expect((sheet["reports"] as? [Any])?.count == 1)
            }
            // Another supervisor's team: 403 to read and to mark, for both of them.
            try await client.execute(
                uri: charlieMarks, method: .put, headers: bearer(ada), body: marks(#"{"students": [{"studentId": "22001407", "mark": 18}]}"#)
            ) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: alphaMarks, method: .get, headers: bearer(alan)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: alphaMarks, method: .put, headers: bearer(alpha), body: marks(#"{"students": []}"#)) {
                #expect($0.status == .forbidden)  // a team's token
            }
            try await client.execute(uri: alphaMarks, method: .get) { #expect($0.status == .unauthorized) }
            // Outside the scale, or a student of another team: refused whole.
            try await client.execute(
                uri: alphaMarks, method: .put, headers: bearer(ada), body: marks(#"{"students": [{"studentId": "22001234", "mark": 25}]}"#)
            ) {
                #expect($0.status == .unprocessableContent)
                #expect(text($0).contains("not between 0 and 20"))
            }
            try await client.execute(
                uri: alphaMarks, method: .put, headers: bearer(ada), body: marks(#"{"students": [{"studentId": "22001407", "mark": 10}]}"#)
            ) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: alphaMarks, method: .put, headers: bearer(ada), body: marks("mark=14")) {
                #expect($0.status == .badRequest)
            }
            // Changed, then locked.
            try await client.execute(
                uri: alphaMarks, method: .put, headers: bearer(ada), body: marks(#"{"students": [{"studentId": "22001234", "mark": 15.5}]}"#)
            ) {
                #expect($0.status == .ok)
            }
            try service.lock("breast-cancer")
            try await client.execute(
                uri: alphaMarks, method: .put, headers: bearer(ada), body: marks(#"{"students": [{"studentId": "22001234", "mark": 20}]}"#)
            ) {
                #expect($0.status == .conflict)
                #expect(text($0).contains("locked"))
            }
            try await client.execute(uri: "/api/v1/challenges/breast-cancer/grades.csv", method: .get, headers: bearer(world.instructor)) {
                response in
                #expect(response.status == .ok)
                let lines = text(response).split(separator: "\n").map(String.init)
                #expect(lines[0] == "student_id,name,email,team,score,rank,challenge_grade,grade_low,grade_high,report,ter_grade,notes")
                // No submission: challenge grade 0; report 15.5 at weight 0.5: 7.75, rounded to 8.
                let camille = try #require(lines.first { $0.hasPrefix("22001234,") })
                #expect(camille.hasSuffix(",0,0,0,15.5,8,no submission"), "\(camille)")
                let lucas = try #require(lines.first { $0.hasPrefix("22001235,") })
                #expect(lucas.hasSuffix(",0,0,0,12,6,no submission"), "\(lucas)")
                // No mark and no report: listed, and no TER grade.
                let ines = try #require(lines.first { $0.hasPrefix("22001311,") })
                #expect(ines.hasSuffix(",0,0,0,,,no submission; no report mark; no report handed in"), "\(ines)")
            }
        }
        // An instructor's own report sheet (`--marks report=FILE:W`) is the report column, whole.
        let outside = try GradeService(world.store).grades(
            "breast-cancer", marks: [MarkSheet(name: "report", weight: 0.5, marks: ["22001234": 10])])
        #expect(outside.rows.first { $0.studentId == "22001234" }?.marks["report"] == 10)
        #expect(outside.rows.first { $0.studentId == "22001235" }?.marks["report"] == nil)
        #expect(outside.rows.allSatisfy { !$0.notes.contains("no report handed in") })
        // A leaked token: removed, it stops working at once; the marks stay.
        try service.remove(email: "ADA@lab.example.fr")
        try await world.app().test(.router) { client in
            try await client.execute(uri: alphaMarks, method: .get, headers: bearer(ada)) { #expect($0.status == .unauthorized) }
        }
        #expect(try service.marks("breast-cancer")["22001234"]?.mark == 15.5)
        #expect(throws: StoreError.self) { try service.remove(email: "ada@lab.example.fr") }
        let changes = try service.changes("breast-cancer")
        #expect(changes.map(\.studentId) == ["22001234", "22001235", "22001234"])
        #expect(changes[2].oldMark == 14 && changes[2].newMark == 15.5 && changes[2].by == "Ada Lovelace")
        #expect(changes[2].oldComment == "clear" && changes[2].newComment == "")
    }

    @Test func theSupervisorsPagesShowTheirTeamsOnly() async throws {
        let service = SupervisionService(world.store)
        let ada = try #require(try service.add(name: "Ada Lovelace", email: "ada@lab.example.fr", challenge: "breast-cancer", teams: ["alpha"]).token)
        _ = try ReportHandInService(world.store).handIn(
            "breast-cancer", team: .name("alpha"), data: Data(try pdf("alpha").readableBytesView), fileName: "report.pdf")
        try await world.app().test(.router) { client in
            let jar = try await signIn(ada, client)
            var headers: HTTPFields = [:]
            headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            try await client.execute(uri: "/supervise", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("/supervise/breast-cancer/alpha"))
                #expect(!text(response).contains("/supervise/breast-cancer/bravo"))
            }
            let page = try await client.execute(uri: "/supervise/breast-cancer/alpha", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                return text(response)
            }
            #expect(page.contains("Camille Martin"))
            #expect(page.contains("/supervise/breast-cancer/alpha/report/1"))
            try await client.execute(uri: "/supervise/breast-cancer/bravo", method: .get, headers: headers) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/supervise/breast-cancer/alpha/report/1", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
            }
            // The marks form, as a browser sends it.
            let start = try #require(page.range(of: "name=\"csrf\" value=\""))
            let csrf = String(page[start.upperBound...].prefix { $0 != "\"" })
            var post = headers
            post[.contentType] = "application/x-www-form-urlencoded"
            let form = "csrf=\(csrf)&mark_22001234=13%2C5&comment_22001234=good&mark_22001235=&comment_22001235="
            try await client.execute(uri: "/supervise/breast-cancer/alpha", method: .post, headers: post, body: ByteBuffer(string: form)) {
                response in
                #expect(response.status == .seeOther, "\(text(response))")
            }
            try await client.execute(uri: "/supervise/breast-cancer/bravo", method: .post, headers: post, body: ByteBuffer(string: form)) {
                #expect($0.status == .forbidden)
            }
        }
        let marks = try service.marks("breast-cancer")
        #expect(marks["22001234"]?.mark == 13.5)
        #expect(marks["22001234"]?.comment == "good")
        #expect(marks["22001235"] == nil)  // left empty: not marked
    }

    @Test func theTeamHandsInOnItsPageAndTheInstructorSeesIt() async throws {
        try await world.app().test(.router) { client in
            let jar = try await signIn(alpha, client)
            var headers: HTTPFields = [:]
            headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let page = try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: headers) { text($0) }
            #expect(page.contains("TER report"))
            #expect(page.contains("No report handed in yet."))
            let action = try #require(page.range(of: "/challenges/breast-cancer/team/report?csrf="))
            let csrf = String(page[action.upperBound...].prefix { $0 != "\"" })
            var (upload, body) = multipart([], file: try pdf("alpha"), name: "notre-rapport.pdf")
            upload[.cookie] = headers[.cookie]
            try await client.execute(uri: "/challenges/breast-cancer/team/report?csrf=\(csrf)", method: .post, headers: upload, body: body) {
                #expect($0.status == .seeOther, "\(text($0))")
            }
            let after = try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: headers) { text($0) }
            #expect(after.contains("notre-rapport.pdf"))
            #expect(after.contains("on time"))

            let instructor = try await signIn(world.instructor, client)
            var headers2: HTTPFields = [:]
            headers2[.cookie] = instructor.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let board = try await client.execute(uri: "/instructor/breast-cancer", method: .get, headers: headers2) { text($0) }
            #expect(board.contains("Reports and marks"))
            #expect(board.contains("v1, 5 pages, on time"))
            #expect(board.contains("Lock the marks"))
        }
    }
}

/// A challenge's authors are students doing a TER too (its preparation): on its roster with the
/// role `author`, they hand in their preparation report and are marked like a binôme, but do not
/// submit nor rank; the course sheet lists them under their challenge with the role "author".
@Suite struct AuthorsTERTests {
    let world: World
    let authorsToken: String
    init() throws {
        world = try World()
        let roster = try RosterService(world.store).importRoster(
            root.appending(path: "submissions/breast-cancer-authors.csv"), challenge: "breast-cancer")
        #expect(roster.authors == ["21000101", "21000102"])
        authorsToken = try #require(roster.newTeams.first { $0.team == "authors" }?.token)
    }

    @Test func theAuthorsHandInTheirPreparationAndAreMarkedNotRanked() async throws {
        let report = ByteBuffer(bytes: try Data(contentsOf: root.appending(path: "hand-ins/breast-cancer/authors/report.pdf")))
        let service = SupervisionService(world.store)
        let hopper = try #require(
            try service.add(name: "Grace Hopper", email: "grace@lab.example.fr", challenge: "breast-cancer", teams: ["authors"]).token)
        var pdfHeaders = bearer(authorsToken)
        pdfHeaders[.contentType] = "application/pdf"
        var csvHeaders = bearer(authorsToken)
        csvHeaders[.contentType] = "text/csv"
        let (pdf, csv) = (pdfHeaders, csvHeaders)
        try await world.app().test(.router) { client in
            try await client.execute(uri: TERTests.report, method: .put, headers: pdf, body: report) { response in
                #expect(response.status == .created, "\(text(response))")
                let body = try json(response) as? [String: Any]
                #expect(body?["pages"] as? Int == 4)
            }
            // Authors do not submit to their own challenge: 403, said.
            try await client.execute(
                uri: "/api/v1/challenges/breast-cancer/submissions", method: .post, headers: csv,
                body: try world.file("breast-cancer/charlie/01-random-forest.csv")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(text(response).contains("are the authors of"))
            }
            try await client.execute(
                uri: "/api/v1/challenges/breast-cancer/teams/authors/marks", method: .put, headers: bearer(hopper),
                body: ByteBuffer(string: #"{"students": [{"studentId": "21000101", "mark": 16, "comment": "careful split"}]}"#)
            ) { #expect($0.status == .ok, "\(text($0))") }
            // Their team page is their report's: no submit button, no limits.
            let jar = try await signIn(authorsToken, client)
            var own: HTTPFields = [:]
            own[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let teamPage = try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: own) { response in
                #expect(response.status == .ok)
                return text(response)
            }
            #expect(teamPage.contains("You are the authors of this challenge"))
            #expect(teamPage.contains("/challenges/breast-cancer/team/report?csrf="))
            #expect(!teamPage.contains("class=\"button\" href=\"/challenges/breast-cancer/submit\""))
            // The instructor's page lists them with their report and marks, as authors.
            let instructor = try await signIn(world.instructor, client)
            var headers: HTTPFields = [:]
            headers[.cookie] = instructor.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let page = try await client.execute(uri: "/instructor/breast-cancer", method: .get, headers: headers) { text($0) }
            #expect(page.contains("<td>authors (author)</td><td>Léa Moreau</td><td>v1, 4 pages, on time</td><td>1/2</td><td>Grace Hopper</td>"))
        }
        // Not on the board, nor in the challenge's sheet; in the course's, with their role.
        let board = try BoardService(world.store).leaderboard("breast-cancer", board: .public)
        #expect(!board.rows.contains { $0.team == "authors" })
        #expect(!(try GradeService(world.store).grades("breast-cancer")).rows.contains { $0.team == "authors" })
        let course = try GradeService(world.store).courseGrades()
        let lea = try #require(course.rows.first { $0.studentId == "21000101" })
        #expect(lea.role == .author && lea.challenge == "breast-cancer" && lea.challengeGrade == nil)
        #expect(lea.marks["report"] == 16 && lea.terGrade == 16)
        // Wine takes no report: its TER grade is its challenge grade, not an empty cell.
        let wine = try #require(course.rows.first { $0.challenge == "wine" && $0.studentId == "22001234" })
        #expect(wine.terGrade != nil && wine.terGrade == wine.challengeGrade)
        let nathan = try #require(course.rows.first { $0.studentId == "21000102" })
        #expect(nathan.terGrade == nil && nathan.notes == ["no report mark"])
        let lines = course.csv().split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("student_id,name,email,challenge,team,role,score,rank,challenge_grade,"))
        #expect(lines.contains { $0.hasPrefix("21000101,Léa Moreau,lea.moreau@etu.example.fr,breast-cancer,authors,author,,,,,,16,16,") })
        #expect(lines.contains { $0.hasPrefix("22001234,") && $0.contains(",breast-cancer,alpha,participant,") })
    }

    /// A roster that gives a team two roles, or a role Podium does not know, is refused with its
    /// line; a team that has submitted cannot become the authors'.
    @Test func aRosterRoleIsCheckedWithItsLine() throws {
        let folder = try TemporaryDirectory(prefix: "podium-roster")
        let roster = RosterService(world.store)
        func refusal(_ csv: String) throws -> String {
            let file = folder.url.appending(path: "roster.csv")
            try Data(csv.utf8).write(to: file)
            do {
                _ = try roster.importRoster(file, challenge: "breast-cancer")
                return ""
            } catch { return error.localizedDescription }
        }
        #expect(
            try refusal("student_id,name,email,team,role\n1,A,a@x,t,author\n2,B,b@x,t,participant\n")
                .contains("roster.csv line 3: team \"t\" is author on line 2 and participant here"))
        #expect(try refusal("student_id,name,email,team,role\n1,A,a@x,t,auteur\n").contains("roster.csv line 2: role \"auteur\" is not one of"))
        _ = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .name("alpha"), file: root.appending(path: "submissions/breast-cancer/alpha/01-constant.csv"))
        #expect(
            try refusal("student_id,name,email,team,role\n22001234,Camille Martin,c@x,alpha,author\n")
                .contains("team \"alpha\" has submissions"))
    }
}
