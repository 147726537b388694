//! sr25519 keys as wallets hold them: secret URIs and mnemonics as polkadot.js and subkey take
//! them, and keystore files as polkadot.js, Talisman and SubWallet export them.

use std::str::FromStr;

use subxt::utils::AccountId32;
use subxt_signer::{sr25519::Keypair, SecretUri};

use crate::Error;

/// An sr25519 key from a secret URI or mnemonic, as polkadot.js and subkey take them
/// (`//Alice`, `"word ... word//derivation///password"`).
pub fn key_from_uri(suri: &str) -> Result<Keypair, Error> {
	let uri =
		SecretUri::from_str(suri).map_err(|e| Error::Input(format!("bad secret URI: {e}")))?;
	Keypair::from_uri(&uri).map_err(|e| Error::Input(format!("bad secret URI: {e}")))
}

/// An sr25519 key from a keystore file as polkadot.js, Talisman and SubWallet export it (JSON,
/// scrypt and xsalsa20-poly1305), opened with `password`.
pub fn key_from_keystore(path: &std::path::Path, password: &str) -> Result<Keypair, Error> {
	let json = std::fs::read_to_string(path)
		.map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
	subxt_signer::polkadot_js_compat::decrypt_json(&json, password).map_err(|e| {
		Error::Input(format!("{}: cannot open the keystore file: {e}", path.display()))
	})
}

/// The account of `key`.
pub fn account(key: &Keypair) -> AccountId32 {
	AccountId32(key.public_key().0)
}

/// The signer the user named: a secret URI or mnemonic (`suri`, else `COOP_SURI`), or a keystore
/// file (`keystore`, else `COOP_KEYSTORE`) opened with `COOP_PASSWORD` or a password typed at the
/// prompt. `None` if neither is given.
pub fn signer(
	suri: Option<&str>,
	keystore: Option<&std::path::Path>,
) -> Result<Option<Keypair>, Error> {
	let suri = suri.map(str::to_string).or_else(|| std::env::var("COOP_SURI").ok());
	let keystore = keystore
		.map(std::path::Path::to_path_buf)
		.or_else(|| std::env::var_os("COOP_KEYSTORE").map(Into::into));
	match (suri, keystore) {
		(Some(_), Some(_)) => {
			Err(Error::Input("give either a secret URI or a keystore file, not both".into()))
		},
		(Some(suri), None) => key_from_uri(&suri).map(Some),
		(None, Some(path)) => {
			let password = match std::env::var("COOP_PASSWORD") {
				Ok(password) => password,
				Err(_) => rpassword::prompt_password(format!("password for {}: ", path.display()))
					.map_err(|source| Error::Io { path: path.clone(), source })?,
			};
			key_from_keystore(&path, &password).map(Some)
		},
		(None, None) => Ok(None),
	}
}
