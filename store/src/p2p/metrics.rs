//! The store's metrics, for Prometheus (`serve --metrics ADDR` serves them at `/metrics`, with
//! the SDK's own exporter, `substrate-prometheus-endpoint`, the one the node uses):
//!
//! - `datacoop_store_requests_total{outcome, reason}`: requests served (`reason="ok"`) and
//!   refused, by the refusal's kind ([`Refusal::kind`](super::Refusal::kind)): a fixed set of
//!   words, so a stranger cannot make the label set grow;
//! - `datacoop_store_served_bytes_total`: item bytes served;
//! - `datacoop_store_check_seconds`: how long deciding a request took (signature, chain, nonce);
//! - `datacoop_store_finalized{what="block"}` and `{what="age_seconds"}`: the view the store
//!   decides on and how old it is (what `--max-lag` is held against), read at each scrape.

use std::sync::Arc;

use substrate_prometheus_endpoint::{
	register, Counter, CounterVec, Histogram, HistogramOpts, MetricSource, Opts, PrometheusError,
	Registry, SourcedGauge, U64,
};

use super::{Checker, Refusal};

/// The store's metrics.
#[derive(Clone)]
pub struct Metrics {
	requests: CounterVec<U64>,
	bytes: Counter<U64>,
	check: Histogram,
}

/// The checker's view, read at each scrape.
#[derive(Clone)]
struct View(Arc<Checker>);

impl MetricSource for View {
	type N = u64;

	fn collect(&self, mut set: impl FnMut(&[&str], Self::N)) {
		let (block, age) = self.0.view();
		set(&["block"], block);
		set(&["age_seconds"], age);
	}
}

impl Metrics {
	/// The metrics, registered in `registry`; the view is read from `checker` at each scrape.
	pub fn register(registry: &Registry, checker: Arc<Checker>) -> Result<Self, PrometheusError> {
		let requests = register(
			CounterVec::new(
				Opts::new("datacoop_store_requests_total", "Requests, by outcome and reason"),
				&["outcome", "reason"],
			)?,
			registry,
		)?;
		let bytes = register(
			Counter::new("datacoop_store_served_bytes_total", "Item bytes served")?,
			registry,
		)?;
		let check = register(
			Histogram::with_opts(
				HistogramOpts::new(
					"datacoop_store_check_seconds",
					"Time to decide a request: signature, chain, nonce",
				)
				.buckets(vec![0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0]),
			)?,
			registry,
		)?;
		register(
			SourcedGauge::new(
				&Opts::new(
					"datacoop_store_finalized",
					"The finalized view the store decides on: its block and its age",
				)
				.variable_label("what"),
				View(checker),
			)?,
			registry,
		)?;
		Ok(Self { requests, bytes, check })
	}

	/// A request served.
	pub(super) fn served(&self) {
		self.requests.with_label_values(&["served", "ok"]).inc();
	}

	/// A request refused, and why.
	pub(super) fn refused(&self, refusal: &Refusal) {
		self.requests.with_label_values(&["refused", refusal.kind()]).inc();
	}

	/// `bytes` of item data served.
	pub(super) fn bytes(&self, bytes: usize) {
		self.bytes.inc_by(bytes as u64);
	}

	/// A request decided in `took`.
	pub(super) fn checked(&self, took: std::time::Duration) {
		self.check.observe(took.as_secs_f64());
	}
}
