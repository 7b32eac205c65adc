import Foundation
import ZIPFoundation

enum Inflation {
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "the compressed stream ends early" }
    }

    /// The bytes `range` of `data` for ZIPFoundation's `Data.decompress`, which (0.9.20) trusts
    /// its provider twice over: it gives zlib a whole buffer even when the last chunk is
    /// shorter (zlib then reads past it), and asks again forever when a damaged stream never
    /// ends. So every chunk here is whole (zeros past the end, which the CRC check then
    /// refuses if they are ever used), and a request past the end throws.
    static func provider(_ data: Data, _ range: Range<Int>) -> (Int64, Int) throws -> Data {
        { position, size in
            let start = range.lowerBound + Int(position)
            guard start < range.upperBound else { throw Truncated() }
            var chunk = data.subdata(in: (data.startIndex + start)..<(data.startIndex + min(start + size, range.upperBound)))
            if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
            return chunk
        }
    }

    /// Runs a decompressor that pushes chunks to `sink`, passing them on to `consumer` and
    /// counting them against `limit`. The consumer's own errors come out unchanged; anything
    /// else the decompressor throws becomes `damaged`.
    static func feed<R>(
        _ consumer: (Data) throws -> Void, limit: Int, produced: inout Int, tooLarge: @autoclosure () -> CSVError,
        damaged: (any Error) -> CSVError, _ work: (@escaping (Data) throws -> Void) throws -> R
    ) throws -> R {
        var consumerError: (any Error)?
        var count = 0
        defer { produced = count }
        return try withoutActuallyEscaping(consumer) { consumer in
            let tooLargeError = tooLarge()
            do {
                return try work { chunk in
                    do {
                        count += chunk.count
                        if count > limit { throw tooLargeError }
                        try consumer(chunk)
                    } catch {
                        consumerError = error
                        throw error
                    }
                }
            } catch {
                if let consumerError { throw consumerError }
                throw damaged(error)
            }
        }
    }
}
