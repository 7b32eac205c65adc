import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

@Suite struct RosterServiceTests {
    @Test func rosterReimportIsIdempotentAndReportsChanges() throws {
        let f = try Fixture()
        let again = try RosterService(f.store).importRoster(
            f.write(
                "student_id,name,email,team\n1,Ann,ann@x.org,alpha\n2,Bob,bob@x.org,alpha\n3,Cid,cid@x.org,bravo\n4,Dee,dee@x.org,bravo\n5,Eve,eve@x.org,solo\n",
                "r2.csv"), challenge: "tiny")
        #expect(again.newTeams.isEmpty)
        #expect(again.unchanged == 5)
        #expect(again.changes.isEmpty)
        #expect(again.flagged.map(\.team) == ["solo"])
        let moved = try RosterService(f.store).importRoster(
            f.write("student_id,name,email,team\n5,Eve,eve@x.org,bravo\n", "r3.csv"), challenge: "tiny")
        #expect(moved.changes == ["5: team solo → bravo"])
        #expect(moved.notInRoster == ["1", "2", "3", "4"])
        #expect(throws: CSVError(file: "bad.csv", line: 3, message: "student \"1\" is already listed on line 2")) {
            try RosterService(f.store).importRoster(f.write("student_id,name,email,team\n1,A,a,x\n1,B,b,y\n", "bad.csv"), challenge: "tiny")
        }
    }

    /// A quoted cell may hold a line break or a tab: a team or a name so written would break
    /// every table, sheet and command line it is shown in. Refused, naming the line (the
    /// record's first) and the column, and nothing is imported.
    @Test func controlCharactersInARosterAreRefused() throws {
        let f = try Fixture()
        let before = try RosterService(f.store).importRoster(
            f.write("student_id,name,email,team\n1,Ann,ann@x.org,alpha\n", "ok.csv"), challenge: "tiny")
        for (text, message) in [
            ("9,Zoe,z@x.org,\"te\nam\"", "team \"te�am\" holds a line break, a tab or another control character"),
            ("9,\"Zo\te\",z@x.org,zulu", "name \"Zo�e\" holds a line break, a tab or another control character"),
        ] {
            #expect(throws: CSVError(file: "ctl.csv", line: 3, message: message)) {
                try RosterService(f.store).importRoster(
                    f.write("student_id,name,email,team\n1,Ann,ann@x.org,alpha\n\(text)\n", "ctl.csv"), challenge: "tiny")
            }
        }
        let after = try RosterService(f.store).importRoster(
            f.write("student_id,name,email,team\n1,Ann,ann@x.org,alpha\n", "ok.csv"), challenge: "tiny")
        #expect(after.unchanged == before.unchanged + before.addedStudents.count)
        #expect(after.notInRoster == before.notInRoster, "the refused imports added no one")
    }
}
