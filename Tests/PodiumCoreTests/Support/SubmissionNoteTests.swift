import Foundation
import Testing

@testable import PodiumCore

/// A submission's description: one line of display text, bounded.
@Suite struct SubmissionNoteTests {
    @Test func descriptionsAreOneLineOfText() throws {
        #expect(try SubmissionNote.clean(nil) == nil)
        #expect(try SubmissionNote.clean("  \n\t ") == nil)
        #expect(try SubmissionNote.clean("gradient boosting\r\n300 trees\t lr=0.1 ") == "gradient boosting 300 trees lr=0.1")
        // Bidirectional overrides, zero-width characters and controls are dropped.
        #expect(try SubmissionNote.clean("a\u{202E}b\u{200B}c\u{0}d\u{7}") == "abcd")
        #expect(try SubmissionNote.clean("modèle forêt 🌲") == "modèle forêt 🌲")
        #expect(try SubmissionNote.clean(String(repeating: "é", count: 500))?.count == 500)
        #expect(throws: SubmissionNote.TooLong(characters: 501)) { try SubmissionNote.clean(String(repeating: "é", count: 501)) }
    }

    @Test func timesCarrySecondsAndTheirZone() {
        let date = ISO8601.parse("2027-01-15T10:00:07+01:00")!
        #expect(Formats.time(date, zone: TimeZone(identifier: "Europe/Paris")!) == "2027-01-15 10:00:07 GMT+1")
        #expect(Formats.time(date, zone: .gmt) == "2027-01-15 09:00:07 UTC")
        #expect(Formats.bytes(812) == "812 B")
        #expect(Formats.bytes(14_200) == "14 kB")
        #expect(Formats.bytes(3_100_000) == "3.1 MB")
    }
}
