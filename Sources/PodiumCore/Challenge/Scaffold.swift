import Foundation

/// `podium new`: a challenge folder ready to be filled in.
public enum Scaffold {
    /// Creates `folder` with its challenge.yaml (filled from `draft` when given), README.md,
    /// data/ and reference/; returns the slug.
    public static func create(at folder: URL, draft: ChallengeDraft? = nil) throws -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.path), let items = try? fm.contentsOfDirectory(atPath: folder.path), !items.isEmpty {
            throw PodiumError.invalid(folder.path, "already exists and is not empty; choose a new folder")
        }
        var slug = folder.standardizedFileURL.lastPathComponent.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        slug = String(slug.unicodeScalars.filter { $0.isASCII }.map(Character.init)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if slug.count < 3 { slug = "my-challenge" }
        slug = String(slug.prefix(40))
        try PodiumError.whileWriting(folder) {
            try fm.createDirectory(at: folder.appending(path: "data"), withIntermediateDirectories: true)
            try fm.createDirectory(at: folder.appending(path: "reference"), withIntermediateDirectories: true)
        }
        try AtomicWrite.write(manifest(slug: slug, draft: draft), to: folder.appending(path: "challenge.yaml"))
        try AtomicWrite.write(readme(slug: slug), to: folder.appending(path: "README.md"))
        return slug
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func manifest(slug: String, draft: ChallengeDraft? = nil) -> String {
        let problem: String
        if let d = draft {
            var lines = [
                "task: \(d.task.rawValue)".padding(toLength: 29, withPad: " ", startingAt: 0) + "# binary | multiclass | regression",
                "id: \(quoted(d.id))".padding(toLength: 29, withPad: " ", startingAt: 0) + "# the id column of data/test.csv and of submissions",
                "target: \(quoted(d.target))".padding(toLength: 29, withPad: " ", startingAt: 0) + "# the column to predict",
            ]
            if d.task.isClassification { lines.append("classes: [\(d.classes.map(quoted).joined(separator: ", "))]   # every class label") }
            if let positive = d.positive { lines.append("positive: \(quoted(positive))   # the positive class") }
            lines.append(
                "submission: \(d.submission.rawValue)".padding(toLength: 29, withPad: " ", startingAt: 0)
                    + "# probability | label (classification), value (regression)")
            lines += [
                "",
                "metric: \(d.metric.rawValue)".padding(toLength: 29, withPad: " ", startingAt: 0) + "# the primary metric, ranks the boards",
                "metrics: [\(d.metrics.map(\.rawValue).joined(separator: ", "))]   # secondary metrics, shown on the boards",
            ]
            problem = "# Read off the data by podium new --from; change any of these.\n" + lines.joined(separator: "\n") + "\n"
        } else {
            problem = """
                task: binary                 # binary | multiclass | regression
                id: id                       # the id column of data/test.csv and of submissions
                target: label                # the column to predict
                classes: ["0", "1"]          # classification only: every class label
                positive: "1"                # binary only: the positive class
                submission: probability      # probability | label (classification), value (regression)

                metric: roc_auc              # the primary metric, ranks the boards
                metrics: [accuracy, log_loss]   # secondary metrics, shown on the boards

                """
        }
        return """
            # challenge.yaml: what Podium needs to know about this challenge.
            # Keys are in lower snake case; `podium check` explains any mistake with its line.

            slug: \(slug)                # 3-40 characters among a-z, 0-9 and -
            title: A title for participants
            version: 1                   # raise it when the data or the answers change
            authors:
              - name: First Author
                email: first.author@example.org

            \(problem)# baseline: reference/baseline.csv   # optional: predictions scored into a baseline row (podium baseline writes one)

            timezone: Europe/Paris       # "today" for daily limits
            phases:
              - name: main
                opens: 2027-01-11T09:00:00+01:00
                closes: 2027-03-29T23:59:00+02:00
                max_per_day: 5
                max_total: 100
                final_selection: 2       # submissions a team may select for the private board
                reveal: manual           # manual (podium reveal) | at_close: the private board opens when the last phase closes

            grading:
              scale: 20
              policy: linear             # linear | rank | thresholds
              baseline: 10               # linear: grade for the baseline's score
              best: 20                   # linear: grade for the best score
              rounding: 0.5
              uncertainty: none          # none | expected: the mean grade over the bootstrap resamples

            public_board: best           # best | ladder: a file moves a team's public score only past the noise

            ranking:                     # every board's intervals, rank ranges and tiers
              bootstrap: 1000            # paired bootstrap resamples of the board's rows; 0 turns them off
              confidence: 0.95
              # seed: 12345              # default: derived from slug and version

            """
    }

    static func readme(slug: String) -> String {
        """
        # \(slug)

        ## Overview
        What is to be predicted, and why it matters.

        ## Data
        - `data/train.csv`: the training rows, with the target column.
        - `data/test.csv`: the rows to predict, without the target.
        Say where the data come from and under which licence.

        ## Evaluation
        The metric, its direction, and what the public and private boards are.
        Submissions are CSV files with a header: the id column, then the prediction column(s),
        one row per id of `data/test.csv` (see `sample_submission.csv` in the starting kit).

        ## Rules
        Team size, submission limits, external data, and the final selection.

        """
    }
}
