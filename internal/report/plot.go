package report

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
)

// chart is a line chart of measured figures, drawn as inline SVG.
type chart struct {
	ID, Title, Caption string
	XLabel, YLabel     string
	LogX, LogY         bool
	Series             []series
}

// series is one line; Reference lines (what the rule predicts) are drawn dashed.
type series struct {
	Name      string
	Points    []point
	Reference bool
}

type point struct{ X, Y float64 }

const (
	plotW, plotH                       = 640, 340
	marginL, marginR, marginT, marginB = 64, 180, 20, 48
)

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"}

// SVG draws the chart; a chart with no measured points says so instead.
func (c chart) SVG() template.HTML {
	var xs, ys []float64
	measured := 0
	for _, s := range c.Series {
		for _, p := range s.Points {
			xs, ys = append(xs, p.X), append(ys, p.Y)
		}
		if !s.Reference {
			measured += len(s.Points)
		}
	}
	if measured == 0 {
		return template.HTML(`<p class="empty">No figures for this plot in this run.</p>`)
	}
	x := newAxis(xs, c.LogX, marginL, plotW-marginR)
	y := newAxis(ys, c.LogY, plotH-marginB, marginT)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="plot" id="%s" role="img" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		template.HTMLEscapeString(c.ID), plotW, plotH, template.HTMLEscapeString(c.Title))
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>`, marginL, marginT, plotW-marginL-marginR, plotH-marginT-marginB)
	for _, t := range x.ticks() {
		px := x.pos(t)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#eee"/><text x="%.1f" y="%d" text-anchor="middle" font-size="11">%s</text>`,
			px, px, marginT, plotH-marginB, px, plotH-marginB+16, label(t))
	}
	for _, t := range y.ticks() {
		py := y.pos(t)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/><text x="%d" y="%.1f" text-anchor="end" font-size="11">%s</text>`,
			marginL, plotW-marginR, py, py, marginL-6, py+4, label(t))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12">%s</text>`, (marginL+plotW-marginR)/2, plotH-10, template.HTMLEscapeString(c.XLabel))
	fmt.Fprintf(&b, `<text transform="translate(16 %d) rotate(-90)" text-anchor="middle" font-size="12">%s</text>`, (marginT+plotH-marginB)/2, template.HTMLEscapeString(c.YLabel))
	for i, s := range c.Series {
		color, dash := palette[i%len(palette)], ""
		if s.Reference {
			color, dash = "#888", ` stroke-dasharray="5 4"`
		}
		pts := slices.Clone(s.Points)
		slices.SortFunc(pts, func(a, b point) int { return cmpFloat(a.X, b.X) })
		var line []string
		for _, p := range pts {
			line = append(line, fmt.Sprintf("%.1f,%.1f", x.pos(p.X), y.pos(p.Y)))
		}
		fmt.Fprintf(&b, `<polyline class="series" data-series="%s" fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`,
			template.HTMLEscapeString(s.Name), color, dash, strings.Join(line, " "))
		if !s.Reference {
			for _, p := range pts {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s at %s</title></circle>`,
					x.pos(p.X), y.pos(p.Y), color, template.HTMLEscapeString(s.Name), label(p.Y), label(p.X))
			}
		}
		ly := marginT + 14 + 18*i
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/><text x="%d" y="%d" font-size="11">%s</text>`,
			plotW-marginR+10, plotW-marginR+30, ly, ly, color, dash, plotW-marginR+34, ly+4, template.HTMLEscapeString(s.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// axis maps values to pixels, linearly or by their logarithm.
type axis struct {
	log      bool
	lo, hi   float64 // in axis units (log10 when log)
	from, to float64 // pixels
}

func newAxis(values []float64, log bool, from, to int) axis {
	a := axis{log: log, from: float64(from), to: float64(to), lo: math.Inf(1), hi: math.Inf(-1)}
	for _, v := range values {
		u := a.unit(v)
		a.lo, a.hi = math.Min(a.lo, u), math.Max(a.hi, u)
	}
	if log {
		a.lo, a.hi = math.Floor(a.lo), math.Ceil(a.hi)
	} else {
		a.lo = math.Min(0, a.lo)
		a.hi *= 1.1
	}
	if a.hi <= a.lo {
		a.hi = a.lo + 1
	}
	return a
}

func (a axis) unit(v float64) float64 {
	if a.log {
		return math.Log10(math.Max(v, 1e-9))
	}
	return v
}

func (a axis) pos(v float64) float64 {
	return a.from + (a.unit(v)-a.lo)/(a.hi-a.lo)*(a.to-a.from)
}

// ticks are the powers of ten on a log axis, about five round steps on a linear one.
func (a axis) ticks() []float64 {
	var out []float64
	if a.log {
		for e := a.lo; e <= a.hi; e++ {
			out = append(out, math.Pow(10, e))
		}
		return out
	}
	step := math.Pow(10, math.Floor(math.Log10((a.hi-a.lo)/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		if (a.hi-a.lo)/(step*m) <= 6 {
			step *= m
			break
		}
	}
	for t := math.Ceil(a.lo/step) * step; t <= a.hi; t += step {
		out = append(out, t)
	}
	return out
}

func label(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%gk", v/1e3)
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1:
		return fmt.Sprintf("%.3g", v)
	}
	return fmt.Sprintf("%.2g", v)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
