//! The asking side: a buyer's [`Client`], which sends a [`Request`] to a store and waits for its
//! [`Response`].

use futures::StreamExt;
use libp2p::{identity, request_response, swarm::SwarmEvent, Multiaddr, PeerId, Swarm};

use super::protocol::{swarm, Behaviour, BehaviourEvent, Request, Response};
use crate::Error;

/// A buyer's connection to stores.
pub struct Client {
	swarm: Swarm<Behaviour>,
}

impl Client {
	/// A client with a fresh network identity.
	pub fn new() -> Result<Self, Error> {
		Ok(Self { swarm: swarm(identity::Keypair::generate_ed25519())? })
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

/// The peer id at the end of a store address.
pub fn peer_of(address: &Multiaddr) -> Result<PeerId, Error> {
	match address.iter().last() {
		Some(libp2p::multiaddr::Protocol::P2p(peer)) => Ok(peer),
		_ => Err(Error::Input(format!("{address} does not end in /p2p/<peer id>"))),
	}
}
