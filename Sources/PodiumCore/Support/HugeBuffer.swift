#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable buffer of plain values in its own memory mapping, marked for transparent huge
/// pages: the id index reads it at random, and with 4 KiB pages nearly every read of a
/// ten-million-row index also misses the TLB. Not copy-on-write: one owner fills it, then
/// everyone reads it.
///
/// Its fields are read on every lookup of a hot loop, so they are left out of Swift's
/// run-time exclusivity checks (which cost a call a read): only `append` writes them, and
/// only the one thread filling the buffer, before anyone reads it.
final class HugeBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int
    /// The file this buffer is a read-only view into (see `MappedFile`), which unmaps it.
    private let file: MappedFile?

    init(capacity: Int, repeating value: Element? = nil) {
        file = nil
        self.capacity = max(capacity, 1024)
        base = Self.map(self.capacity)
        if let value {
            base.initialize(repeating: value, count: self.capacity)
            count = self.capacity
        }
    }

    /// `capacity` zero elements: fresh anonymous memory is already zero, and its pages are
    /// only made when first touched.
    init(zeroed capacity: Int) {
        file = nil
        self.capacity = max(capacity, 1024)
        base = Self.map(self.capacity)
        count = self.capacity
    }

    /// `count` elements of a mapped file, from byte `offset` (aligned for `Element`). Read
    /// only: the mapping is, and writing to it would stop the process.
    init(_ file: MappedFile, offset: Int, count: Int) {
        self.file = file
        base = (file.base + offset).bindMemory(to: Element.self, capacity: max(count, 1))
        self.count = count
        capacity = count
    }

    deinit { if file == nil { munmap(base, capacity * MemoryLayout<Element>.stride) } }

    private static func map(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        let bytes = capacity * MemoryLayout<Element>.stride
        guard let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED else {
            fatalError("out of memory: cannot map \(bytes) bytes")
        }
        #if os(Linux)
            _ = madvise(raw, bytes, MADV_HUGEPAGE)
        #endif
        return raw.bindMemory(to: Element.self, capacity: capacity)
    }

    /// Makes every page of a large buffer now (the kernel zeroes each at its first touch),
    /// on two threads, each writing a zero byte a page into its half: for a buffer about to be
    /// written all over at random, which would otherwise take each page's fault in turn.
    func prefault() {
        let bytes = capacity * MemoryLayout<Element>.stride
        guard file == nil, bytes >= 8 << 20 else { return }
        let raw = UnsafeMutableRawPointer(base)
        let page = 4096
        let half = bytes / 2 / page * page
        func touch(_ range: Range<Int>) {
            for offset in Swift.stride(from: range.lowerBound, to: range.upperBound, by: page) {
                raw.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
            }
        }
        _ = try? ParallelMap.both({ touch(0..<half) }, { touch(half..<bytes) })
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    func append(contentsOf values: UnsafeBufferPointer<Element>) {
        if count + values.count > capacity { grow(count + values.count) }
        if let source = values.baseAddress { (base + count).update(from: source, count: values.count) }
        count += values.count
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = Self.map(newCapacity)
        newBase.update(from: base, count: count)
        munmap(base, capacity * MemoryLayout<Element>.stride)
        base = newBase
        capacity = newCapacity
    }
}

extension Array where Element: BitwiseCopyable {
    /// Reserves room for `capacity` elements and asks for that memory in huge pages (see
    /// `HugeBuffer`): for arrays read at random, like a solution's targets.
    mutating func reserveHugeCapacity(_ capacity: Int) {
        reserveCapacity(capacity)
        #if os(Linux)
            let hugePage = 2 << 20
            guard capacity * MemoryLayout<Element>.stride >= 2 * hugePage else { return }
            withUnsafeMutableBufferPointer { buffer in
                // The buffer's storage runs to its capacity; only whole huge pages inside it.
                guard let base = buffer.baseAddress else { return }
                let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
                let end = (Int(bitPattern: base) + capacity * MemoryLayout<Element>.stride) & ~(hugePage - 1)
                if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
            }
        #endif
    }
}

/// A whole file mapped read-only: the page cache's copy, shared by every process that maps
/// it, and read from disk only where touched.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let size: Int

    /// Nil when the file cannot be opened or mapped, or is empty.
    init?(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        guard end > 0 else { return nil }
        size = Int(end)
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else { return nil }
        base = raw
    }

    deinit { munmap(base, size) }
}
