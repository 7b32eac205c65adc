import Foundation
import Testing

@testable import PodiumCore

/// `podium new --from`: what is read off a real dataset (the Palmer penguins: 344 rows, text
/// columns, `NA` for missing values) is what an author would have chosen.
@Suite struct ChallengeDraftTests {
    static let penguins: CSVTable = {
        let url = Bundle.module.url(forResource: "Fixtures/penguins/penguins", withExtension: "csv")!
        return try! CSVTable.read(url)
    }()

    func draft(_ target: String) throws -> ChallengeDraft {
        try ChallengeDraft.infer(Self.penguins, file: "penguins.csv", target: target, id: nil)
    }

    @Test func speciesIsAMulticlassTaskScoredForItsSmallClass() throws {
        let d = try draft("species")
        #expect(d.task == .multiclass)
        #expect(d.classes == ["Adelie", "Chinstrap", "Gentoo"])
        #expect(d.positive == nil)
        #expect(d.submission == .label)
        // 68 Chinstrap against 152 Adelie: accuracy would reward ignoring them.
        #expect(d.metric == .balancedAccuracy)
        #expect(d.metrics == [.accuracy, .f1Macro])
        #expect(d.inferences.map(\.key) == ["task", "classes", "submission", "metric", "metrics", "id"])
        #expect(d.inferences.first { $0.key == "metric" }?.reason.contains("68 rows of Chinstrap against 152 of Adelie") == true)
        #expect(d.inferences.first { $0.key == "id" }?.reason.contains("generated") == true)
    }

    @Test func sexIsABinaryTaskWithItsMissingValuesIgnored() throws {
        let d = try draft("sex")
        #expect(d.task == .binary)  // NA is not a third class
        #expect(d.classes == ["female", "male"])
        #expect(d.positive == "female")
        #expect(d.inferences.first { $0.key == "positive" }?.reason.contains("the rarer class (165 rows against 168)") == true)
        #expect(d.submission == .probability)
        #expect(d.metric == .rocAUC)
        #expect(d.metrics == [.accuracy, .logLoss])
    }

    @Test func bodyMassIsARegression() throws {
        let d = try draft("body_mass_g")
        #expect(d.task == .regression)
        #expect(d.classes.isEmpty)
        #expect(d.submission == .value)
        #expect(d.metric == .rmse)
        #expect(d.metrics == [.mae, .r2])
        // Three years: a few whole numbers are classes.
        #expect(try draft("year").task == .multiclass)
    }

    @Test func thePositiveClassIsTheOneNamedSoElseTheRarer() throws {
        func positive(_ labels: [String]) throws -> String? {
            let table = CSVTable(header: ["x", "y"], rows: labels.enumerated().map { ["\($0.offset)", $0.element] })
            return try ChallengeDraft.infer(table, file: "raw.csv", target: "y", id: nil).positive
        }
        #expect(try positive(["0", "1", "1", "1"]) == "1")
        #expect(try positive(["no", "yes", "no", "no"]) == "yes")
        #expect(try positive(["True", "False", "False"]) == "True")
        #expect(try positive(["benign", "benign", "malignant"]) == "malignant")
        #expect(try positive(["cat", "dog"]) == "dog")
    }

    @Test func aBalancedMulticlassTaskIsScoredByAccuracy() throws {
        let table = CSVTable(header: ["x", "y"], rows: (0..<30).map { ["\($0)", ["a", "b", "c"][$0 % 3]] })
        let d = try ChallengeDraft.infer(table, file: "raw.csv", target: "y", id: nil)
        #expect(d.metric == .accuracy)
        #expect(d.metrics == [.f1Macro])
    }

    @Test func mistakesNameTheFileAndTheColumns() throws {
        let error = try #require(throws: CSVError.self) { try draft("Species") }
        #expect(error.errorDescription!.contains("penguins.csv line 1: no target column \"Species\"; the columns are species, island"))
        #expect(throws: CSVError.self) { try ChallengeDraft.infer(Self.penguins, file: "penguins.csv", target: "species", id: "key") }
        let constant = CSVTable(header: ["x", "y"], rows: (0..<10).map { ["\($0)", $0 == 3 ? "NA" : "yes"] })
        let one = try #require(throws: CSVError.self) { try ChallengeDraft.infer(constant, file: "raw.csv", target: "y", id: nil) }
        #expect(one.message == "the target \"y\" has one value (\"yes\") on every row: there is nothing to predict")
    }

    /// The manifest written from a draft reads back as the draft.
    @Test func theScaffoldedManifestSaysWhatWasInferred() throws {
        let folder = try temporaryFolder()
        let d = try draft("sex")
        _ = try Scaffold.create(at: folder.url.appending(path: "penguins"), draft: d)
        let m = try ChallengeManifest.load(from: folder.url.appending(path: "penguins/challenge.yaml"))
        #expect(m.task == .binary)
        #expect(m.target == "sex")
        #expect(m.classes == ["female", "male"])
        #expect(m.positive == "female")
        #expect(m.submission == .probability)
        #expect(m.metric == .rocAUC)
        #expect(m.metrics == [.accuracy, .logLoss])
        #expect(m.baseline == nil)
    }
}
