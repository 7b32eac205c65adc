import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

@Suite struct TokenServiceTests {
    @Test func tokensAreHashedAndIdentifyTheirTeam() throws {
        let f = try Fixture()
        let report = try RosterService(f.store).importRoster(f.write("student_id,name,email,team\n9,Zoe,z@x.org,zulu\n", "r.csv"), challenge: "tiny")
        let token = try #require(report.newTeams.first?.token)
        #expect(token.count >= 32)
        #expect(try TokenService(f.store).team(forToken: token)?.team == "zulu")
        #expect(try TokenService(f.store).team(forToken: token + "x") == nil)
        let stored = try f.store.writer.read { db in try String.fetchAll(db, sql: "SELECT tokenHash FROM team") }
        #expect(!stored.contains(token))
        #expect(stored.contains(Tokens.hash(token)))
        let receipt = try SubmissionService(f.store).submit(challenge: "tiny", team: .token(token), file: f.file("z.csv", quality: 0.9))
        #expect(receipt.team == "zulu")
    }
}
