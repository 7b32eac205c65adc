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
}
