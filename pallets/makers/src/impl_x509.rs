//! X.509 roots and chains: governance registers a root certificate for a maker, and a device
//! whose secure element holds a chain under it registers with that chain. The root's key
//! takes a place among the maker's keys, so that retiring, revoking and reinstating it work as
//! for any maker key and a device record names it by index like any other.

use crate::*;
use depin_primitives::{
	maker::{Capability, Certification, MakerId, Registration},
	x509::{self, CertificateDer, RootId, X509Chain, X509Error},
	DeviceKey, DeviceKind,
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_x509_root(
		maker: MakerId,
		certificate: CertificateDer,
		kind: DeviceKind,
		capability: Capability,
	) -> DispatchResult {
		let mut info = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(info.status != MakerStatus::Revoked, Error::<T>::MakerIsRevoked);
		ensure!(info.terms.kinds.contains(kind), Error::<T>::KindNotAllowed);
		ensure!(capability.fits(kind), Error::<T>::CapabilityMismatch);
		let (id, root) = x509::parse_root(&certificate).map_err(Error::<T>::from)?;
		ensure!(!X509Roots::<T>::contains_key(id), Error::<T>::RootAlreadyRegistered);
		let key = DeviceKey::P256(root.public_key);
		let index = match info.keys.iter().position(|known| known.key == key) {
			Some(index) => index,
			None => {
				info.keys
					.try_push(MakerKeyInfo { key, status: KeyStatus::Active })
					.map_err(|_| Error::<T>::TooManyKeys)?;
				info.keys.len() - 1
			},
		};
		Makers::<T>::insert(maker, info);
		X509Roots::<T>::insert(id, X509RootInfo { maker, root, kind, capability });
		// Below `MAX_MAKER_KEYS`, which fits a `u8`.
		let index = index as u8;
		Self::deposit_event(Event::X509RootRegistered { maker, root: id, index, kind, capability });
		Ok(())
	}

	/// Every rule of an X.509 chain for `device` of `kind`; the certification it gives and
	/// the maker's record.
	pub(crate) fn check_x509_chain(
		device: &DeviceKey,
		kind: DeviceKind,
		chain: &X509Chain,
		registration: Registration,
	) -> Result<(Certification, MakerInfoOf<T>), Error<T>> {
		let root = X509Roots::<T>::get(chain.root).ok_or(Error::<T>::UnknownRoot)?;
		ensure!(root.kind == kind, Error::<T>::CertificateForAnotherKind);
		let info = Makers::<T>::get(root.maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(info.status == MakerStatus::Active, Error::<T>::MakerNotActive);
		ensure!(info.terms.kinds.contains(kind), Error::<T>::KindNotAllowed);
		let root_key = DeviceKey::P256(root.root.public_key);
		let index = info
			.keys
			.iter()
			.position(|known| known.key == root_key)
			.ok_or(Error::<T>::UnknownRoot)?;
		Self::ensure_key_certifies(info.keys[index].status)?;
		// The genesis of a chain has no time yet: its devices' dates are not checked.
		let now = (registration != Registration::Genesis).then(Self::now_secs);
		let certified =
			x509::verify_chain(&chain.certificates, &root.root, now).map_err(Error::<T>::from)?;
		ensure!(certified.key == *device, Error::<T>::CertificateForAnotherDevice);
		ensure!(info.recalled.binary_search(&certified.batch).is_err(), Error::<T>::BatchRecalled);
		let certification = Certification {
			maker: root.maker,
			// Below `MAX_MAKER_KEYS`, which fits a `u8`.
			key: index as u8,
			batch: certified.batch,
			serial: certified.serial,
			capability: root.capability,
		};
		Ok((certification, info))
	}

	/// The root registered as `id`.
	pub fn x509_root(id: RootId) -> Option<X509RootInfo> {
		X509Roots::<T>::get(id)
	}
}

impl<T: Config> From<X509Error> for Error<T> {
	fn from(error: X509Error) -> Self {
		match error {
			X509Error::MalformedDer => Error::<T>::MalformedDer,
			X509Error::ChainTooLong => Error::<T>::ChainTooLong,
			X509Error::ChainTooShort => Error::<T>::ChainTooShort,
			X509Error::NotVersion3 => Error::<T>::CertificateNotVersion3,
			X509Error::UnsupportedSignatureAlgorithm => Error::<T>::UnsupportedSignatureAlgorithm,
			X509Error::UnsupportedKey => Error::<T>::UnsupportedCertificateKey,
			X509Error::IssuerMismatch => Error::<T>::CertificateIssuerMismatch,
			X509Error::BadSignature => Error::<T>::BadCertificateSignature,
			X509Error::NotYetValid => Error::<T>::CertificateNotYetValid,
			X509Error::Expired => Error::<T>::CertificateExpired,
			X509Error::NotCertificateAuthority => Error::<T>::NotCertificateAuthority,
			X509Error::PathLengthExceeded => Error::<T>::RootAllowsNoSigner,
			X509Error::DeviceIsCertificateAuthority => Error::<T>::DeviceIsCertificateAuthority,
			X509Error::KeyUsageForbidsSigning => Error::<T>::KeyUsageForbidsSigning,
			X509Error::UnsupportedCriticalExtension => Error::<T>::UnsupportedCriticalExtension,
		}
	}
}
