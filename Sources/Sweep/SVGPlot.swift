import Foundation

/// Renders a `Plots.Plot` as a self-contained SVG a browser opens: axes with ticks, labels and a light grid, one
/// line with markers per series, a legend. Hand-written (no dependency) and deterministic: the same plot gives
/// the same bytes (coordinates are printed with one decimal).
///
/// Scales follow the data: x is logarithmic (base 2) when all sizes are positive and span a factor of 2 or more,
/// as sizes in a sweep usually double, with a tick at every swept size (up to 12); y is logarithmic (base 10) when
/// the values span a factor of 20 or more (area from a small to a large array), otherwise linear from 0. Series
/// differ in color and marker shape, so coinciding lines stay distinguishable.
public enum SVGPlot {
    static let width = 760.0, height = 460.0
    static let left = 84.0, right = 540.0, top = 52.0, bottom = 392.0
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// A scale from data to [0, 1].
    struct Scale {
        var log: Bool
        var base: Double
        var lo: Double
        var hi: Double
        var ticks: [Double]

        func unit(_ v: Double) -> Double {
            let (a, b, x) = log ? (Foundation.log(lo), Foundation.log(hi), Foundation.log(v)) : (lo, hi, v)
            return b == a ? 0.5 : (x - a) / (b - a)
        }
    }

    public static func render(_ plot: Plots.Plot) -> String {
        let xs = plot.series.flatMap { $0.points.map(\.x) }
        let ys = plot.series.flatMap { $0.points.map(\.y) }
        let xScale = xAxis(xs)
        let yScale = yAxis(ys)
        func px(_ x: Double) -> Double { left + xScale.unit(x) * (right - left) }
        func py(_ y: Double) -> Double { bottom - yScale.unit(y) * (bottom - top) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        s += "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(left))\" y=\"30\" font-size=\"16\" font-weight=\"bold\">\(escape(plot.title))</text>\n"
        // Grid and ticks.
        for t in xScale.ticks {
            let x = px(t)
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" stroke=\"#e5e5e5\"/>\n"
            s += "<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 5))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(x))\" y=\"\(f(bottom + 19))\" text-anchor=\"middle\">\(label(t))</text>\n"
        }
        for t in yScale.ticks {
            let y = py(t)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
            s += "<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(label(t))</text>\n"
        }
        // Axes and their labels.
        s += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"black\"/>\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"black\"/>\n"
        let xTitle = plot.xLabel + (xScale.log ? " (log scale)" : "")
        let yTitle = plot.yLabel + (yScale.log ? " (log scale)" : "")
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 44))\" text-anchor=\"middle\">\(escape(xTitle))</text>\n"
        s += "<text x=\"18\" y=\"\(f((top + bottom) / 2))\" text-anchor=\"middle\" "
        s += "transform=\"rotate(-90 18 \(f((top + bottom) / 2)))\">\(escape(yTitle))</text>\n"
        // Series.
        for (k, series) in plot.series.enumerated() {
            let color = palette[k % palette.count]
            let coordinates = series.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }
            if coordinates.count > 1 {
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(coordinates.joined(separator: " "))\"/>\n"
            }
            for p in series.points {
                s += marker(k, x: px(p.x), y: py(p.y), color: color,
                            title: "\(escape(series.name)): \(label(p.x)), \(label(p.y))") + "\n"
            }
            let ly = top + 8 + Double(k) * 20
            s += "<line x1=\"\(f(right + 20))\" y1=\"\(f(ly))\" x2=\"\(f(right + 44))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            s += marker(k, x: right + 32, y: ly, color: color, title: nil) + "\n"
            s += "<text x=\"\(f(right + 50))\" y=\"\(f(ly + 4))\">\(escape(series.name))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    /// Marker `k` of the cycle circle, square, diamond, triangle, with an optional tooltip.
    static func marker(_ k: Int, x: Double, y: Double, color: String, title: String?) -> String {
        let shape: String
        switch k % 4 {
        case 0: shape = "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3.5\" fill=\"\(color)\""
        case 1: shape = "<rect x=\"\(f(x - 3.5))\" y=\"\(f(y - 3.5))\" width=\"7.0\" height=\"7.0\" fill=\"\(color)\""
        case 2: shape = "<polygon points=\"\(f(x)),\(f(y - 4.5)) \(f(x + 4.5)),\(f(y)) \(f(x)),\(f(y + 4.5)) \(f(x - 4.5)),\(f(y))\" fill=\"\(color)\""
        default: shape = "<polygon points=\"\(f(x)),\(f(y - 4.5)) \(f(x + 4.5)),\(f(y + 3.5)) \(f(x - 4.5)),\(f(y + 3.5))\" fill=\"\(color)\""
        }
        guard let title else { return shape + "/>" }
        let tag = String(shape.dropFirst().prefix { $0 != " " })
        return shape + "><title>\(title)</title></\(tag)>"
    }

    static func xAxis(_ values: [Double]) -> Scale {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let distinct = Array(Set(values)).sorted()
        if lo > 0 && hi / lo >= 2 {
            var ticks = distinct
            if distinct.count > 12 {
                ticks = []
                var t = pow(2, (Foundation.log2(lo)).rounded(.up))
                while t <= hi { ticks.append(t); t *= 2 }
            }
            return Scale(log: true, base: 2, lo: lo / 1.25, hi: hi * 1.25, ticks: ticks)
        }
        let (a, b) = lo == hi ? (lo - 1, hi + 1) : (lo, hi)
        let pad = (b - a) * 0.06
        let ticks = distinct.count <= 12 ? distinct : niceTicks(a - pad, b + pad)
        return Scale(log: false, base: 10, lo: a - pad, hi: b + pad, ticks: ticks)
    }

    static func yAxis(_ values: [Double]) -> Scale {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        if lo > 0 && hi / lo >= 20 {
            let a = pow(10, Foundation.log10(lo / 1.3).rounded(.down)), b = pow(10, Foundation.log10(hi * 1.3).rounded(.up))
            var ticks: [Double] = []
            var decade = a
            while decade <= b * 1.0001 {
                ticks.append(decade)
                decade *= 10
            }
            if ticks.count < 4 {
                ticks = ticks.flatMap { [$0, 2 * $0, 5 * $0] }.filter { $0 <= b * 1.0001 }
            }
            return Scale(log: true, base: 10, lo: a, hi: b, ticks: ticks)
        }
        let a = min(0, lo), b = hi <= a ? a + 1 : hi * 1.08
        let ticks = niceTicks(a, b)
        return Scale(log: false, base: 10, lo: a, hi: max(b, ticks.last ?? b), ticks: ticks)
    }

    /// About six ticks at multiples of 1, 2 or 5 times a power of ten, inside [lo, hi].
    static func niceTicks(_ lo: Double, _ hi: Double) -> [Double] {
        let raw = (hi - lo) / 6
        let magnitude = pow(10, Foundation.log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + step * 1e-9 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks
    }

    /// Tick and tooltip text: integers as such (thousands as `k`, millions as `M` when exact), others to 3 digits.
    static func label(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 {
            let i = Int(v)
            if i != 0 && i % 1_000_000 == 0 { return "\(i / 1_000_000)M" }
            if i != 0 && i % 1000 == 0 && abs(i) >= 10_000 { return "\(i / 1000)k" }
            return String(i)
        }
        return String(format: "%.3g", v)
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
