package gql

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are kg serve's Prometheus metrics, in a registry of their own
// (no global state, so tests and several servers in one process do not
// collide). Labels take values from the schema and kg's code only.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	errors    *prometheus.CounterVec
	neo4j     *prometheus.HistogramVec
	neo4jErrs *prometheus.CounterVec
	inflight  prometheus.Gauge
}

// NewMetrics creates the metrics with the Go runtime and process
// collectors.
func NewMetrics() *Metrics {
	buckets := []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kg_graphql_requests_total",
			Help: "GraphQL requests by operation (root field) and outcome (OK or the first error code)."}, []string{"operation", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "kg_graphql_request_duration_seconds",
			Help: "GraphQL request latency by operation.", Buckets: buckets}, []string{"operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kg_graphql_errors_total",
			Help: "GraphQL errors by code."}, []string{"code"}),
		neo4j: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "kg_neo4j_query_duration_seconds",
			Help: "Neo4j round trips of the read API and mutations by query.", Buckets: buckets}, []string{"query"}),
		neo4jErrs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kg_neo4j_query_errors_total",
			Help: "Neo4j queries that failed, by query."}, []string{"query"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kg_graphql_requests_in_flight",
			Help: "GraphQL requests being served."}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.errors, m.neo4j, m.neo4jErrs, m.inflight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveQuery records one Neo4j round trip; it is graph.Options.Observe.
func (m *Metrics) ObserveQuery(query string, d time.Duration, err error) {
	m.neo4j.WithLabelValues(query).Observe(d.Seconds())
	if err != nil {
		m.neo4jErrs.WithLabelValues(query).Inc()
	}
}

func (m *Metrics) observeRequest(r Result, d time.Duration) {
	code := "OK"
	for i, e := range r.Response.Errors {
		c, _ := e.Extensions["code"].(string)
		if i == 0 {
			code = c
		}
		m.errors.WithLabelValues(c).Inc()
	}
	m.requests.WithLabelValues(r.Operation, code).Inc()
	m.latency.WithLabelValues(r.Operation).Observe(d.Seconds())
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
