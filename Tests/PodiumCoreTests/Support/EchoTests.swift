import Foundation
import Testing

@testable import PodiumCore

/// Input quoted in messages is shortened and its control characters neutralized.
@Suite struct EchoTests {
    @Test func echoShortensAndNeutralizesControls() {
        #expect(Echo.text("abc") == "abc")
        #expect(Echo.text(String(repeating: "é", count: 100)) == String(repeating: "é", count: 60) + "…")
        #expect(Echo.text("a\u{1B}[31mred\nb") == "a�[31mred�b")
        let bytes = Array(String(repeating: "€", count: 1000).utf8)
        bytes.withUnsafeBufferPointer { #expect(Echo.text(bytes: $0) == String(repeating: "€", count: 60) + "…") }
        #expect(Echo.list((0..<20).map(String.init)).hasSuffix("… (8 more)"))
        #expect(Echo.fileName("../../etc/passwd") == "passwd")
        #expect(Echo.fileName("a b<script>.csv") == "a b_script_.csv")
        #expect(Echo.fileName("modèle forêt (v2).csv") == "modèle forêt (v2).csv")
        #expect(Echo.fileName("a\u{202E}vsc.exe\u{0}\"'.csv") == "a_vsc.exe___.csv")
        #expect(Echo.fileName("  .hidden.csv ") == "hidden.csv")
        #expect(Echo.fileName(String(repeating: "n", count: 5_000) + ".csv.gz").count == 100)
        #expect(Echo.fileName(String(repeating: "n", count: 5_000) + ".csv.gz").hasSuffix(".csv.gz"))
        #expect(Echo.fileName("..") == "submission.csv")
    }

    /// A run's log reaches terminals: lines and tabs kept, a carriage return a line, every
    /// other control (escape sequences, C1 codes, bidi overrides) shown as `�`.
    @Test func logsAreMadeSafeForTerminals() {
        #expect(Echo.terminalSafe("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne")
        #expect(Echo.terminalSafe("x\u{1B}[2J\u{1B}]52;c;SGk=\u{07}y") == "x�[2J�]52;c;SGk=�y")
        #expect(Echo.terminalSafe("\u{9B}31m \u{202E}gnp.exe \u{7F}") == "�31m �gnp.exe �")
        #expect(Echo.terminalSafe("déjà vu ✓") == "déjà vu ✓")
    }
}
