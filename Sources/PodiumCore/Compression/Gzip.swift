import CPodiumSupport
import Foundation

/// `.csv.gz` files, through the system zlib's own gzip mode: it reads the header, checks the
/// CRC-32 and size, and, reset at the end of each member, reads files of several members
/// (`cat a.gz b.gz`, pigz) as gunzip does. Input is read in chunks; output is counted against
/// a limit as it is produced, so a small file that would inflate to gigabytes stops at it.
public enum Gzip {
    static let chunkSize = 1 << 20

    /// A gzip file of `data` (one member).
    public static func compress(_ data: Data, level: Int32 = 6) throws -> Data {
        var stream = z_stream()
        guard podium_gzip_deflate_init(&stream, level) == Z_OK else { throw PodiumError.invalid("gzip", "zlib cannot start compressing") }
        defer { deflateEnd(&stream) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var input = [UInt8](data)
        let status: Int32 = input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(input.count)
            var status = Z_OK
            repeat {
                buffer.withUnsafeMutableBufferPointer { output in
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    status = deflate(&stream, Z_FINISH)
                    out.append(output.baseAddress!, count: output.count - Int(stream.avail_out))
                }
            } while status == Z_OK || status == Z_BUF_ERROR && stream.avail_out == 0
            return status
        }
        guard status == Z_STREAM_END else { throw PodiumError.invalid("gzip", "zlib cannot compress (status \(status))") }
        return out
    }

    /// The decompressed bytes of a gzip file, chunk by chunk, at most `maxBytes` in all.
    static func decompress(_ url: URL, maxBytes: Int, _ consumer: (Data) throws -> Void) throws {
        let name = url.lastPathComponent
        func bad(_ message: String) -> CSVError { CSVError(file: name, line: nil, message: message) }
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw bad("cannot be opened (no such file or no permission)") }
        defer { try? handle.close() }
        var first = true
        try decompress(
            next: {
                let chunk = try handle.read(upToCount: chunkSize) ?? Data()
                if first {
                    first = false
                    guard chunk.starts(with: [0x1F, 0x8B]) else { throw bad("is not a gzip file (expected gzip-compressed CSV for a .gz name)") }
                }
                return chunk
            }, maxBytes: maxBytes, tooLarge: bad("decompresses to more than the limit of \(maxBytes >> 20) MiB"),
            damaged: { bad("is not valid gzip data (\($0))") }, consumer)
    }

    /// Inflates the gzip members read by `next` (an empty chunk ends the input).
    static func decompress(
        next: () throws -> Data, maxBytes: Int, tooLarge: @autoclosure () -> CSVError, damaged: (String) -> CSVError,
        _ consumer: (Data) throws -> Void
    ) throws {
        var stream = z_stream()
        guard podium_gzip_inflate_init(&stream) == Z_OK else { throw damaged("zlib cannot start") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: chunkSize)
        var produced = 0
        /// True while a member has begun and not ended.
        var inMember = false
        while true {
            var input = [UInt8](try next())
            if input.isEmpty { break }
            try input.withUnsafeMutableBufferPointer { input in
                stream.next_in = input.baseAddress
                stream.avail_in = uInt(input.count)
                // Until this chunk is used up and zlib holds no output back (it does when the
                // output buffer filled).
                var outputFilled = false
                while stream.avail_in > 0 || outputFilled {
                    inMember = inMember || stream.avail_in > 0
                    let status = output.withUnsafeMutableBufferPointer { output in
                        stream.next_out = output.baseAddress
                        stream.avail_out = uInt(output.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let count = output.count - Int(stream.avail_out)
                    outputFilled = stream.avail_out == 0
                    if count > 0 {
                        produced += count
                        if produced > maxBytes { throw tooLarge() }
                        try consumer(Data(output[0..<count]))
                    }
                    switch status {
                    case Z_OK: continue
                    case Z_BUF_ERROR: if stream.avail_in == 0 { outputFilled = false }
                    case Z_STREAM_END:
                        // The member's CRC-32 and size matched; another may follow.
                        inMember = false
                        outputFilled = false
                        inflateReset(&stream)
                    case Z_DATA_ERROR:
                        let reason = stream.msg.map { String(cString: $0) } ?? "the compressed stream is damaged"
                        throw damaged(reason == "incorrect data check" ? "its checksum does not match its content" : reason)
                    default:
                        throw damaged("the compressed stream is damaged")
                    }
                }
            }
        }
        if inMember { throw damaged("the compressed stream ends early") }
    }
}
