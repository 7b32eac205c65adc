import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Testing

@testable import PodiumServer

/// Under `public_board: ladder`, no participant route shows a submission's exact public score.
@Suite struct LadderRouteTests {
    @Test func noParticipantRouteShowsAnExactPublicScore() async throws {
        let world = try World()
        // breast-cancer again, as "ladder-cancer" with a Ladder public board.
        let folder = world.folder.url.appending(path: "ladder-cancer")
        try FileManager.default.copyItem(at: root.appending(path: "challenges/breast-cancer"), to: folder)
        let yaml = folder.appending(path: "challenge.yaml")
        let manifest = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "slug: breast-cancer", with: "slug: ladder-cancer")
        try Data((manifest + "\npublic_board: ladder\n").utf8).write(to: yaml)
        let packed = try PodiumBundle.pack(Challenge.open(folder), to: world.folder.url.appending(path: "ladder-bundle"))
        _ = try PublishingService(world.store).publish(bundle: packed.bundle)
        let roster = try RosterService(world.store).importRoster(root.appending(path: "submissions/roster.csv"), challenge: "ladder-cancer")
        let token = try #require(roster.newTeams.first { $0.team == "charlie" }?.token)

        try await world.app().test(.router) { client in
            for file in ["charlie/01-random-forest.csv", "charlie/02-gradient-boosting.csv"] {
                try await client.execute(
                    uri: "/api/v1/challenges/ladder-cancer/submissions", method: .post, headers: bearer(token),
                    body: try world.file("breast-cancer/\(file)")
                ) { response in
                    #expect(response.status == .created)
                    let body = try #require(try json(response) as? [String: Any])
                    #expect(body["publicScore"] == nil)
                    #expect(body["publicScores"] == nil)
                    let ladder = try #require(body["ladder"] as? [String: Any])
                    #expect(ladder["moved"] is Bool)
                    #expect(ladder["score"] is Double)
                }
            }
            let exact = try HistoryService(world.store).submissions("ladder-cancer", viewer: .instructor).compactMap(\.publicScore)
            #expect(exact.count == 2)
            let pages = [
                ("/api/v1/challenges/ladder-cancer/submissions", bearer(token)),
                ("/api/v1/challenges/ladder-cancer/leaderboard", bearer(token)),
                ("/api/v1/challenges/ladder-cancer/leaderboard", HTTPFields()),
                ("/challenges/ladder-cancer", HTTPFields()),
            ]
            for (uri, headers) in pages {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let body = text(response)
                    for score in exact {
                        for spelling in ["\(score)", Formats.score(score)] {
                            #expect(!body.contains(spelling), "\(uri) shows the exact public score \(spelling)")
                        }
                    }
                }
            }
        }
    }
}

@Suite struct CourseGradesRouteTests {
    @Test func theCourseSheetIsTheInstructors() async throws {
        let world = try World()
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/grades.csv", method: .get, headers: bearer(world.instructor)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let csv = text(response)
                #expect(
                    csv.hasPrefix("student_id,name,email,challenge,team,score,rank,challenge_grade,grade_low,grade_high,report,ter_grade,notes\n"))
                #expect(csv.contains(",breast-cancer,"))
                #expect(csv.contains(",wine,"))
            }
            try await client.execute(uri: "/api/v1/grades.csv", method: .get, headers: bearer(world.tokens["wine"]!["alpha"]!)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/grades.csv", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/instructor/grades", method: .get) { #expect($0.status == .seeOther) }
        }
    }
}
