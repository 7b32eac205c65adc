import CPodiumSupport
import Foundation

public enum Scorer {
    /// Reads, checks and scores a submission file against a solution.
    public static func score(file: URL, solution: Solution, metrics: [Metric]? = nil) throws -> ScoreReport {
        try score(name: file.lastPathComponent, solution: solution, metrics: metrics) { body in try CSVSource.read(file, body) }
    }

    /// Checks and scores CSV content already in memory.
    public static func score(data: Data, name: String, solution: Solution, metrics: [Metric]? = nil) throws -> ScoreReport {
        try score(name: name, solution: solution, metrics: metrics) { body in try CSVSource.read(data: data, name: name, body) }
    }

    /// Scores as the file is read when every metric allows it: means of per-row terms
    /// (RMSE, MAE...) are summed, and the scores of a binary task are gathered by class and
    /// part for AUC and average precision. Otherwise the predictions are aligned with the
    /// solution first. Both ways give the same scores (see the tests).
    static func score(name: String, solution: Solution, metrics: [Metric]?, source: ((borrowing CSVRecord) throws -> Void) throws -> Void)
        throws -> ScoreReport
    {
        let manifest = solution.manifest
        let chosen = metrics ?? manifest.allMetrics
        if !manifest.task.isClassification && chosen.allSatisfy(RowTerms.metrics.contains) {
            let sink = RowTermsByPart(solution: solution, metrics: chosen)
            try SubmissionReader.read(file: name, solution: solution, into: sink, source: source)
            return try report(solution: solution, metrics: chosen, file: name) { part, metric throws(MetricUndefined) in
                try sink.terms(part).value(metric)
            }
        }
        if manifest.task == .binary && manifest.submission == .probability
            && chosen.allSatisfy({ $0 == .rocAUC || $0 == .averagePrecision })
        {
            let sink = ScoresByClassAndPart(solution: solution)
            try SubmissionReader.read(file: name, solution: solution, into: sink, source: source)
            sink.sort()
            let r = sink.regions
            // The AUC's counts of public and private positives against public and private
            // negatives, two on each core: the public rows' count, the private rows', and the
            // four summed for all rows, where walking all rows merged the public and private
            // runs as they were read, a branch on the data a score.
            var wins = (publicRows: 0, privateRows: 0, across: 0)
            if chosen.contains(.rocAUC) {
                let (within, across) = try ParallelMap.both(
                    { (sink.twiceWins(r.publicPositive, r.publicNegative), sink.twiceWins(r.privatePositive, r.privateNegative)) },
                    { sink.twiceWins(r.publicPositive, r.privateNegative) + sink.twiceWins(r.privatePositive, r.publicNegative) })
                wins = (within.0, within.1, across)
            }
            // Average precision reads all rows' runs merged, on one core, the parts on the other.
            var precision: [Part: Result<Double, MetricUndefined>] = [:]
            if chosen.contains(.averagePrecision) {
                func averagePrecision(_ part: Part) -> Result<Double, MetricUndefined> {
                    let (pos, neg) = sink.runs(part)
                    return Result { () throws(MetricUndefined) -> Double in try Probabilistic.averagePrecision(pos: pos, neg: neg) }
                }
                let (all, parts) = try ParallelMap.both({ averagePrecision(.all) }, { (averagePrecision(.public), averagePrecision(.private)) })
                precision = [.all: all, .public: parts.0, .private: parts.1]
            }
            return try report(solution: solution, metrics: chosen, file: name) { part, metric throws(MetricUndefined) in
                let (positives, negatives, twiceWins) =
                    switch part {
                    case .public: (r.publicPositive.count, r.publicNegative.count, wins.publicRows)
                    case .private: (r.privatePositive.count, r.privateNegative.count, wins.privateRows)
                    case .all:
                        (
                            r.publicPositive.count + r.privatePositive.count, r.publicNegative.count + r.privateNegative.count,
                            wins.publicRows + wins.privateRows + wins.across
                        )
                    }
                guard positives + negatives > 0 else { throw MetricUndefined(metric: metric, reason: "there are no rows") }
                if metric == .rocAUC {
                    return try Probabilistic.binaryAUC(metric, twiceWins: twiceWins, positives: positives, negatives: negatives)
                }
                return try precision[part]!.get()
            }
        }
        let sink = AlignedPredictions(solution: solution)
        try SubmissionReader.read(file: name, solution: solution, into: sink, source: source)
        return try score(sink.predictions, solution: solution, metrics: chosen, file: name)
    }

    public static func score(_ predictions: Predictions, solution: Solution, metrics: [Metric]? = nil, file: String = "submission")
        throws(ScoringError) -> ScoreReport
    {
        let chosen = metrics ?? solution.manifest.allMetrics
        let needsLabels = chosen.contains { $0.input == .labels }
        var data: [Part: MetricData] = [:]
        return try report(solution: solution, metrics: chosen, file: file) { part, metric throws(MetricUndefined) in
            if data[part] == nil {
                data = [part: metricData(predictions, solution: solution, rows: rows(part, solution), needsLabels: needsLabels)]
            }
            return try metric.compute(data[part]!)
        }
    }

    /// Every metric on every part. Whether a file is refused depends on all its rows only,
    /// never on which of them are public or private (else refused files, which do not count
    /// toward the limits, would tell the split): the primary metric undefined on all rows
    /// refuses the file; any metric undefined on a part is left out of that part, and the file
    /// counts. All rows are computed first, then each part.
    /// Every score of a report is finite: this is where that is made sure, for every metric
    /// and every way of computing it, so that no NaN or infinity reaches a store, a board,
    /// JSON or a page (values are bounded when read, see `NumberParser.limit`, so a metric
    /// that still comes out non-finite is treated as undefined on the data).
    static func report(
        solution: Solution, metrics chosen: [Metric], file: String, _ compute: (Part, Metric) throws(MetricUndefined) -> Double
    ) throws(ScoringError) -> ScoreReport {
        let manifest = solution.manifest
        let primary = chosen.first ?? manifest.metric
        var scores = PartScores()
        for part in [Part.all, .public, .private] {
            var partScores: MetricScores = [:]
            for metric in chosen {
                do throws(MetricUndefined) {
                    let value = try compute(part, metric)
                    guard value.isFinite else {
                        throw MetricUndefined(metric: metric, reason: "its value on these rows is not a finite number")
                    }
                    partScores[metric] = value
                } catch {
                    if metric == primary && part == .all { throw ScoringError(file: file, undefined: error) }
                }
            }
            scores[part] = partScores
        }
        return ScoreReport(challenge: manifest.slug, version: manifest.version, metric: primary, rows: solution.count, scores: scores)
    }

    /// The rows of a part, or nil for all rows.
    static func rows(_ part: Part, _ solution: Solution) -> [Int32]? {
        switch part {
        case .public: (0..<solution.count).filter { solution.isPublic($0) }.map { Int32($0) }
        case .private: (0..<solution.count).filter { !solution.isPublic($0) }.map { Int32($0) }
        case .all: nil
        }
    }

    /// The rows of one part; predicted labels only when a label metric needs them.
    static func metricData(_ predictions: Predictions, solution: Solution, rows: [Int32]?, needsLabels: Bool = true) -> MetricData {
        let manifest = solution.manifest
        func pick<T>(_ array: [T]) -> [T] { rows.map { $0.map { array[Int($0)] } } ?? array }
        if !manifest.task.isClassification {
            guard case .values(let v) = predictions else { preconditionFailure("regression takes values") }
            return .regression(truth: pick(solution.values), predicted: pick(v))
        }
        let k = manifest.classes.count
        let positive = manifest.positiveIndex ?? 1
        let truth = pick(solution.labels)
        switch predictions {
        case .labels(let l):
            return .classification(truth: truth, predicted: pick(l), probabilities: nil, classCount: k, positive: positive)
        case .values(let p):
            let chosen = pick(p)
            let negative = positive == 0 ? 1 : 0
            let predicted = needsLabels ? chosen.map { $0 > 0.5 ? Int32(positive) : Int32(negative) } : []
            return .classification(truth: truth, predicted: predicted, probabilities: chosen, classCount: k, positive: positive)
        case .probabilities(let p, let k):
            var chosen: [Double]
            if let rows {
                chosen = []
                chosen.reserveCapacity(rows.count * k)
                for r in rows.map(Int.init) { chosen.append(contentsOf: p[(r * k)..<(r * k + k)]) }
            } else {
                chosen = p
            }
            let count = chosen.count / k
            var predicted = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                var best = 0
                for c in 1..<k where chosen[i * k + c] > chosen[i * k + best] { best = c }
                predicted[i] = Int32(best)
            }
            return .classification(truth: truth, predicted: predicted, probabilities: chosen, classCount: k, positive: positive)
        }
    }
}

/// Row-term sums of the public rows, the private rows and all rows.
///
/// A sink is written by the reader's matching thread only, and read once reading is over, so
/// its running state is left out of Swift's run-time exclusivity checks (calls a row, for
/// every field touched), here and in the other sinks.
final class RowTermsByPart: PredictionSink {
    let truth: [Double]
    /// The private rows' terms, then the public rows': indexed by a row's public bit, with no
    /// branch on it (as random as the split, it was mispredicted every other row).
    let partTerms = UnsafeMutablePointer<RowTerms>.allocate(capacity: 2)
    @exclusivity(unchecked) var allTerms: RowTerms

    init(solution: Solution, metrics: [Metric]) {
        truth = solution.values
        allTerms = RowTerms(metrics: metrics)
        partTerms.initialize(repeating: allTerms, count: 2)
    }

    deinit { partTerms.deinitialize(count: 2).deallocate() }

    func terms(_ part: Part) -> RowTerms {
        switch part {
        case .public: partTerms[1]
        case .private: partTerms[0]
        case .all: allTerms
        }
    }

    @inline(__always)
    func prefetch(row: Int) {
        truth.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + row) }
    }

    @inline(__always)
    func accept(row: Int, tag: Int, values: UnsafePointer<Double>) {
        let y = truth[row]
        partTerms[Solution.publicBit(ofTag: tag)].add(y, values[0])
        allTerms.add(y, values[0])
    }
}

/// A binary task's probabilities gathered by class and part, then sorted: the rank metrics of
/// all rows read the public and private runs merged (`SortedRuns`).
final class ScoresByClassAndPart: PredictionSink {
    /// The positive class (0 or 1): a row's class is read from its id's tag (`Solution.tag`).
    let positive: Int
    /// Every score in one array of one value a row, cut into four regions: public positive,
    /// public negative, private positive, private negative rows. Each region's size is the
    /// solution's count of such rows, known before the file is read, so nothing grows; four
    /// arrays reserved at the solution's size each left part of a huge page touched at the
    /// end of each (and the sort's scratch copy came on top). Fresh memory of its own, zero
    /// from the kernel, whose pages are made as the rows come: an array was zeroed first (0.1 s
    /// of both cores at ten million rows), and checked for uniqueness at every write.
    let scores: HugeBuffer<Double>
    /// Where each region starts (and the end of the last).
    let starts: [Int]
    /// Where the next score of each region goes, in the order of `starts`: a row's region is
    /// worked out from its two bits with no branch (which of the four a row is in is as random
    /// as the data, and the branches on it were mispredicted about once a row).
    let ends = UnsafeMutablePointer<Int>.allocate(capacity: 4)

    init(solution: Solution) {
        let positive = solution.manifest.positiveIndex ?? 1
        self.positive = positive
        var publicPositives = 0
        var positives = 0
        // A word of positive bits 64 rows at a time, against the word of public bits.
        let code = UInt16(positive)
        solution.classIndex.withUnsafeBufferPointer { classes in
            solution.publicBits.withUnsafeBufferPointer { publicBits in
                for w in 0..<min(publicBits.count, (classes.count + 63) / 64) {
                    var word: UInt64 = 0
                    let start = w * 64
                    for j in 0..<min(64, classes.count - start) { word |= UInt64(classes[start + j] == code ? 1 : 0) << UInt64(j) }
                    positives += word.nonzeroBitCount
                    publicPositives += (word & publicBits[w]).nonzeroBitCount
                }
            }
        }
        let privatePositives = positives - publicPositives
        starts = [0, publicPositives, solution.publicCount, solution.publicCount + privatePositives, solution.count]
        ends.initialize(from: starts, count: 4)
        scores = HugeBuffer(zeroed: solution.count)
    }

    deinit { ends.deallocate() }

    @inline(__always)
    func prefetch(row: Int) {}

    @inline(__always)
    func accept(row: Int, tag: Int, values: UnsafePointer<Double>) {
        let p = values[0] + 0.0  // -0.0 becomes 0.0
        let region = 2 * (1 - Solution.publicBit(ofTag: tag)) + (1 - Solution.positiveBit(ofTag: tag, positive: positive))
        // Each row is given once (the reader skips a repeated id), so no region overflows.
        scores[ends[region]] = p
        ends[region] += 1
    }

    /// The scores given so far of each region.
    var regions: (publicPositive: Range<Int>, publicNegative: Range<Int>, privatePositive: Range<Int>, privateNegative: Range<Int>) {
        (starts[0]..<ends[0], starts[1]..<ends[1], starts[2]..<ends[2], starts[3]..<ends[3])
    }

    /// Sorts each region, on two cores: the regions are dealt out to two lists of about the
    /// same number of scores (largest first), and each list is sorted on a thread of its own.
    func sort() {
        let r = regions
        var lists: ([Range<Int>], [Range<Int>]) = ([], [])
        var sizes = (0, 0)
        for range in [r.publicPositive, r.publicNegative, r.privatePositive, r.privateNegative].sorted(by: { $0.count > $1.count }) {
            if sizes.0 <= sizes.1 {
                lists.0.append(range)
                sizes.0 += range.count
            } else {
                lists.1.append(range)
                sizes.1 += range.count
            }
        }
        func sort(_ ranges: [Range<Int>]) {
            for range in ranges { RadixSort.sort(UnsafeMutableBufferPointer(start: scores.base + range.lowerBound, count: range.count)) }
        }
        // The two lists' regions do not overlap: each thread writes its own scores.
        if sizes.1 == 0 { sort(lists.0) } else { _ = try? ParallelMap.both({ sort(lists.0) }, { sort(lists.1) }) }
    }

    /// The scores of a region (sorted once `sort` has run); they live as long as this sink.
    func region(_ range: Range<Int>) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: scores.base + range.lowerBound, count: range.count)
    }

    /// `Probabilistic.twiceWins` of the scores in two regions (sorted).
    func twiceWins(_ pos: Range<Int>, _ neg: Range<Int>) -> Int {
        Probabilistic.twiceWins(pos: region(pos), neg: region(neg))
    }

    /// Positive and negative scores of a part, ascending (read while this sink lives).
    func runs(_ part: Part) -> (pos: SortedRuns, neg: SortedRuns) {
        let r = regions
        switch part {
        case .public: return (SortedRuns(region(r.publicPositive)), SortedRuns(region(r.publicNegative)))
        case .private: return (SortedRuns(region(r.privatePositive)), SortedRuns(region(r.privateNegative)))
        case .all:
            return (
                SortedRuns(region(r.publicPositive), region(r.privatePositive)),
                SortedRuns(region(r.publicNegative), region(r.privateNegative))
            )
        }
    }
}
