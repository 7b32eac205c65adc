import Foundation

/// Limited-memory BFGS with a backtracking (Armijo) line search, for the smooth convex losses
/// of the baselines (L2-penalised logistic regression). Written here because none of the
/// packages this project may use does numerical optimisation, and these forty lines are all a
/// convex problem of a few hundred parameters needs. Deterministic: the same problem gives
/// the same bits.
enum LBFGS {
    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        var converged: Bool
    }

    /// Minimises `f` (which returns the value and writes the gradient) from `start`.
    static func minimise(
        from start: [Double], memory: Int = 10, maxIterations: Int = 1000, gradientTolerance: Double = 1e-8,
        _ f: ([Double], inout [Double]) -> Double
    ) -> Result {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var value = f(x, &g)
        var s: [[Double]] = []
        var y: [[Double]] = []
        var rho: [Double] = []
        var nextG = g
        for iteration in 0..<maxIterations {
            if g.reduce(0, { max($0, abs($1)) }) <= gradientTolerance { return Result(x: x, value: value, iterations: iteration, converged: true) }
            // The two-loop recursion: d = -H g.
            var q = g
            var alpha = [Double](repeating: 0, count: s.count)
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[i] = rho[i] * dot(s[i], q)
                for k in 0..<n { q[k] -= alpha[i] * y[i][k] }
            }
            if let lastS = s.last, let lastY = y.last {
                let gamma = dot(lastS, lastY) / dot(lastY, lastY)
                for k in 0..<n { q[k] *= gamma }
            } else {
                let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
                for k in 0..<n { q[k] /= max(norm, 1) }
            }
            for i in 0..<s.count {
                let beta = rho[i] * dot(y[i], q)
                for k in 0..<n { q[k] += s[i][k] * (alpha[i] - beta) }
            }
            var direction = q.map { -$0 }
            var slope = dot(direction, g)
            if slope >= 0 {
                // Not a descent direction (lost curvature): start again from the gradient.
                direction = g.map { -$0 }
                slope = dot(direction, g)
                s.removeAll()
                y.removeAll()
                rho.removeAll()
            }
            var step = 1.0
            var nextX = x
            var nextValue = value
            var accepted = false
            for _ in 0..<60 {
                for k in 0..<n { nextX[k] = x[k] + step * direction[k] }
                nextValue = f(nextX, &nextG)
                if nextValue.isFinite && nextValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { return Result(x: x, value: value, iterations: iteration, converged: false) }
            let sk = (0..<n).map { nextX[$0] - x[$0] }
            let yk = (0..<n).map { nextG[$0] - g[$0] }
            let sy = dot(sk, yk)
            if sy > 1e-12 {
                s.append(sk)
                y.append(yk)
                rho.append(1 / sy)
                if s.count > memory {
                    s.removeFirst()
                    y.removeFirst()
                    rho.removeFirst()
                }
            }
            let improvement = value - nextValue
            x = nextX
            g = nextG
            value = nextValue
            if improvement <= 1e-15 * max(abs(value), 1) { return Result(x: x, value: value, iterations: iteration + 1, converged: true) }
        }
        return Result(x: x, value: value, iterations: maxIterations, converged: false)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for k in a.indices { sum += a[k] * b[k] }
        return sum
    }
}
