import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

@Suite struct GradeServiceTests {
    @Test func gradesFromThePrivateBoard() throws {
        let f = try Fixture(baseline: true)
        _ = try f.submit("alpha", quality: 0.9)
        _ = try f.submit("bravo", quality: 0.6)
        let sheet = try GradeService(f.store).grades("tiny")
        #expect(sheet.rows.map(\.team) == ["alpha", "alpha", "bravo", "bravo", "solo"])
        #expect(sheet.rows[0].challengeGrade == 20)
        #expect(sheet.rows[4].challengeGrade == 0)
        #expect(sheet.rows[4].notes == ["no submission"])
    }
}
