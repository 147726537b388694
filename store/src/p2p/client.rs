//! The asking side: a buyer's [`Client`], which sends a [`Request`] to a store and waits for its
//! [`Response`].

use futures::StreamExt;
use libp2p::{identity, request_response, swarm::SwarmEvent, Multiaddr, PeerId, Swarm};

use super::protocol::{
	swarm, Behaviour, BehaviourEvent, Request, Response, STREAMS_PER_CONNECTION,
};
use crate::Error;

/// A buyer's connection to stores.
pub struct Client {
	swarm: Swarm<Behaviour>,
}

impl Client {
	/// A client with a fresh network identity.
	pub fn new() -> Result<Self, Error> {
		let unlimited = libp2p::connection_limits::ConnectionLimits::default();
		Ok(Self { swarm: swarm(identity::Keypair::generate_ed25519(), unlimited)? })
	}

	/// Send `request` to the store at `address` (ending in `/p2p/<peer id>`) and wait for its
	/// answer.
	pub async fn ask(&mut self, address: &Multiaddr, request: Request) -> Result<Response, Error> {
		let peer = peer_of(address)?;
		self.swarm.add_peer_address(peer, address.clone());
		let id = self.swarm.behaviour_mut().fetch.send_request(&peer, request);
		loop {
			match self.swarm.select_next_some().await {
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(
					request_response::Event::Message {
						message: request_response::Message::Response { request_id, response },
						..
					},
				)) if request_id == id => return Ok(response),
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(
					request_response::Event::OutboundFailure { request_id, error, .. },
				)) if request_id == id => return Err(Error::Input(format!("store {peer}: {error}"))),
				_ => {},
			}
		}
	}
}

impl Client {
	/// Send `requests` to the store at `address`, as many at a time as a connection carries
	/// streams (the rest as answers come back), and wait for all the answers, in the order of
	/// `requests`: a failure of one (a dropped stream, a timeout) is its own answer.
	pub async fn ask_all(
		&mut self,
		address: &Multiaddr,
		requests: Vec<Request>,
	) -> Result<Vec<Result<Response, Error>>, Error> {
		let peer = peer_of(address)?;
		self.connect(peer, address).await?;
		let mut answers: Vec<Option<Result<Response, Error>>> =
			(0..requests.len()).map(|_| None).collect();
		let mut queued = requests.into_iter().enumerate();
		let mut waiting = std::collections::HashMap::new();
		loop {
			while waiting.len() < STREAMS_PER_CONNECTION {
				let Some((at, request)) = queued.next() else { break };
				waiting.insert(self.swarm.behaviour_mut().fetch.send_request(&peer, request), at);
			}
			if waiting.is_empty() {
				break;
			}
			let (id, answer) = match self.swarm.select_next_some().await {
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(
					request_response::Event::Message {
						message: request_response::Message::Response { request_id, response },
						..
					},
				)) => (request_id, Ok(response)),
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(
					request_response::Event::OutboundFailure { request_id, error, .. },
				)) => (request_id, Err(Error::Input(format!("store {peer}: {error}")))),
				_ => continue,
			};
			if let Some(slot) = waiting.remove(&id).and_then(|at| answers.get_mut(at)) {
				*slot = Some(answer);
			}
		}
		Ok(answers.into_iter().flatten().collect())
	}

	/// Be connected to `peer` at `address` before requests go out: requests sent to a peer not
	/// connected yet each ask for a dial, and the dials after the first fail (one is under
	/// way), taking every request queued for the peer with them.
	async fn connect(&mut self, peer: PeerId, address: &Multiaddr) -> Result<(), Error> {
		if self.swarm.is_connected(&peer) {
			return Ok(());
		}
		self.swarm
			.dial(address.clone())
			.map_err(|e| Error::Input(format!("store {peer}: cannot dial: {e}")))?;
		loop {
			match self.swarm.select_next_some().await {
				SwarmEvent::ConnectionEstablished { peer_id, .. } if peer_id == peer => {
					return Ok(())
				},
				SwarmEvent::OutgoingConnectionError { peer_id: Some(peer_id), error, .. }
					if peer_id == peer =>
				{
					return Err(Error::Input(format!("store {peer}: {error}")))
				},
				_ => {},
			}
		}
	}
}

/// The peer id at the end of a store address.
pub fn peer_of(address: &Multiaddr) -> Result<PeerId, Error> {
	match address.iter().last() {
		Some(libp2p::multiaddr::Protocol::P2p(peer)) => Ok(peer),
		_ => Err(Error::Input(format!("{address} does not end in /p2p/<peer id>"))),
	}
}
