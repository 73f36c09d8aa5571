//! Certificates: what registration checks, and what every proof checks since.

use crate::*;
use depin_primitives::{
	device::KeyScheme,
	maker::{
		certificate_message, Certification, Certifier, DeviceCertificate, MakerCertificate,
		Registration, Revocation,
	},
	DeviceKey, DeviceKind,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::Balanced,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Zero, DispatchError};

impl<T: Config> Pallet<T> {
	/// Every rule of a maker certificate for `device` of `kind`; the certification it gives
	/// and the maker's record.
	pub(crate) fn check_maker_certificate(
		device: &DeviceKey,
		kind: DeviceKind,
		certificate: &MakerCertificate,
		registration: Registration,
	) -> Result<(Certification, MakerInfoOf<T>), Error<T>> {
		let body = &certificate.body;
		let chain = match registration {
			Registration::Genesis => [0; 32],
			Registration::First | Registration::Again => {
				let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
				genesis.as_ref().try_into().unwrap_or_default()
			},
		};
		ensure!(body.genesis_hash == chain, Error::<T>::CertificateForAnotherChain);
		ensure!(body.device == *device, Error::<T>::CertificateForAnotherDevice);
		ensure!(body.kind == kind, Error::<T>::CertificateForAnotherKind);
		let info = Makers::<T>::get(body.maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(info.status == MakerStatus::Active, Error::<T>::MakerNotActive);
		ensure!(info.terms.kinds.contains(kind), Error::<T>::KindNotAllowed);
		ensure!(body.capability.fits(kind), Error::<T>::CapabilityMismatch);
		if let Some(expires_at) = body.expires_at {
			ensure!(Self::now_secs() <= expires_at, Error::<T>::CertificateExpired);
		}
		let index = info
			.keys
			.iter()
			.position(|known| known.key == certificate.signer)
			.ok_or(Error::<T>::UnknownMakerKey)?;
		Self::ensure_key_certifies(info.keys[index].status)?;
		ensure!(info.recalled.binary_search(&body.batch).is_err(), Error::<T>::BatchRecalled);
		ensure!(
			certificate.signer.verify(&certificate.signature, &certificate_message(body)),
			Error::<T>::BadCertificateSignature
		);
		let certification = Certification {
			maker: body.maker,
			// Below `MAX_MAKER_KEYS`, which fits a `u8`.
			key: index as u8,
			batch: body.batch,
			serial: body.serial,
			capability: body.capability,
		};
		Ok((certification, info))
	}

	/// Refuses a key that certifies no new device.
	pub(crate) fn ensure_key_certifies(status: KeyStatus) -> Result<(), Error<T>> {
		match status {
			KeyStatus::Active => Ok(()),
			KeyStatus::Retired => Err(Error::<T>::MakerKeyRetired),
			KeyStatus::Revoked => Err(Error::<T>::MakerKeyRevoked),
		}
	}

	/// Why `certification` no longer holds, given its maker's record.
	fn revocation_of(certification: &Certification, info: &MakerInfoOf<T>) -> Option<Revocation> {
		if info.status == MakerStatus::Revoked {
			return Some(Revocation::MakerRevoked);
		}
		let key = info.keys.get(usize::from(certification.key));
		if key.is_none_or(|key| key.status == KeyStatus::Revoked) {
			return Some(Revocation::MakerKeyRevoked);
		}
		info.recalled
			.binary_search(&certification.batch)
			.is_ok()
			.then_some(Revocation::BatchRecalled)
	}

	/// Checks the makers' invariants: every number below the next, keys distinct, recalled
	/// batches sorted and distinct, kinds known.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextMakerId::<T>::get();
		for (maker, info) in Makers::<T>::iter() {
			ensure!(maker < next, "a maker's number is not below NextMakerId");
			ensure!(
				info.recalled.windows(2).all(|pair| pair[0] < pair[1]),
				"recalled batches are not sorted and distinct"
			);
			for (at, key) in info.keys.iter().enumerate() {
				ensure!(
					!info.keys[..at].iter().any(|earlier| earlier.key == key.key),
					"a maker key is listed twice"
				);
			}
			ensure!(info.terms.kinds.is_valid(), "a maker's kinds name unknown kinds");
		}
		Ok(())
	}
}

impl<T: Config> Certifier<T::AccountId> for Pallet<T> {
	fn certify(
		payer: &T::AccountId,
		device: &DeviceKey,
		kind: DeviceKind,
		certificate: &DeviceCertificate,
		registration: Registration,
	) -> Result<Certification, DispatchError> {
		let (certification, mut info) = match certificate {
			DeviceCertificate::Maker(certificate) => {
				Self::check_maker_certificate(device, kind, certificate, registration)?
			},
			DeviceCertificate::X509(chain) => {
				Self::check_x509_chain(device, kind, chain, registration)?
			},
		};
		if registration != Registration::Again {
			ensure!(info.certified < info.terms.quota, Error::<T>::QuotaExhausted);
			let fee = info.terms.onboarding_fee;
			let credit = T::Currency::withdraw(
				payer,
				fee,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::InsufficientBalanceForFee)?;
			Self::to_treasury(credit);
			info.certified += 1;
			Makers::<T>::insert(certification.maker, info);
		}
		Ok(certification)
	}

	fn certify_weight(certificate: &DeviceCertificate) -> Weight {
		match certificate {
			DeviceCertificate::Maker(certificate) => match certificate.signer.scheme() {
				KeyScheme::Ed25519 => T::WeightInfo::certify_ed25519(),
				KeyScheme::P256 => T::WeightInfo::certify_p256(),
			},
			DeviceCertificate::X509(_) => T::WeightInfo::certify_x509(),
		}
	}

	fn is_open(kind: DeviceKind) -> bool {
		OpenKinds::<T>::get().contains(kind)
	}

	fn revocation(kind: DeviceKind, certification: Option<&Certification>) -> Option<Revocation> {
		match certification {
			Some(certification) => match Makers::<T>::get(certification.maker) {
				Some(info) => Self::revocation_of(certification, &info),
				// Makers are never removed once approved: defensive.
				None => Some(Revocation::MakerRevoked),
			},
			None => (!Self::is_open(kind)).then_some(Revocation::Uncertified),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn open_all_kinds() {
		OpenKinds::<T>::put(depin_primitives::maker::KindSet::of(&DeviceKind::ALL));
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_certification(n: u32, kind: DeviceKind) -> Certification {
		let maker = Self::insert_full_maker(n);
		Certification {
			maker,
			key: (MAX_MAKER_KEYS - 1) as u8,
			batch: u32::MAX,
			serial: u64::from(n),
			capability: match kind {
				DeviceKind::Energy => depin_primitives::maker::Capability::RatedPowerW(1),
				DeviceKind::Compute => depin_primitives::maker::Capability::ComputeClass(0),
				_ => depin_primitives::maker::Capability::Unrated,
			},
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// A new active maker whose record is as large as records get (see
	/// [`Pallet::fill_for_benchmarks`]), distinct for every `n`.
	pub(crate) fn insert_full_maker(n: u32) -> depin_primitives::maker::MakerId {
		let account: T::AccountId = frame_benchmarking::account("maker", n, 0);
		let maker =
			Self::insert_maker(account, Default::default(), MakerStatus::Active, Zero::zero());
		Self::fill_for_benchmarks(maker, 0, 0);
		maker
	}

	/// Makes `maker` active, certifying every kind, with the longest name and its keys and
	/// recalls filled to their bounds less `free_keys` and `free_recalls` slots: its last key
	/// is active, the others retired, and batches 1, 2, … are recalled, so that batch 0 sorts
	/// before them and batch `u32::MAX` after.
	pub(crate) fn fill_for_benchmarks(
		maker: depin_primitives::maker::MakerId,
		free_keys: u32,
		free_recalls: u32,
	) {
		use depin_primitives::maker::KindSet;
		use frame_support::BoundedVec;
		Makers::<T>::mutate(maker, |info| {
			let info = info.as_mut().expect("a maker");
			info.status = MakerStatus::Active;
			info.name = MakerName::truncate_from(alloc::vec![b'm'; MAX_NAME_LEN as usize]);
			info.terms = MakerTerms {
				kinds: KindSet::of(&DeviceKind::ALL),
				quota: u32::MAX,
				onboarding_fee: 1u32.into(),
			};
			let keys = MAX_MAKER_KEYS - free_keys;
			info.keys = BoundedVec::truncate_from(
				(0..keys)
					.map(|k| MakerKeyInfo {
						key: benchmark_key(maker, k),
						status: if k + 1 == keys { KeyStatus::Active } else { KeyStatus::Retired },
					})
					.collect(),
			);
			info.recalled =
				BoundedVec::truncate_from((1..=MAX_RECALLED_BATCHES - free_recalls).collect());
		});
	}
}

/// A distinct P-256-sized key (the longer encoding) for key `k` of benchmark maker `n`.
#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn benchmark_key(n: u32, k: u32) -> depin_primitives::maker::MakerKey {
	let mut key = [2u8; 33];
	key[1..5].copy_from_slice(&n.to_le_bytes());
	key[5..9].copy_from_slice(&k.to_le_bytes());
	DeviceKey::P256(key)
}
