//! Benchmarks of `pallet_makers`, in the worst case of each call: the longest name, full key
//! lists and full recall lists, searched and shifted at their far ends.

use super::*;
use crate::impl_certify::benchmark_key;
use depin_primitives::{
	maker::{
		Capability, CertificateBody, Certification, Certifier, DeviceCertificate, KindSet, MakerId,
		Registration,
	},
	signing::{certify, DeviceSigner},
	x509::{self, CertificateDer, X509Chain},
	DeviceKey, DeviceKind,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_support::BoundedVec;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::Zero;

/// Funds `who` for many bonds and fees.
fn funded<T: Config>(who: &T::AccountId) {
	let bond = T::MinBond::get().max(1u32.into());
	T::Currency::set_balance(who, bond * 1_000u32.into());
}

fn longest_name() -> MakerName {
	MakerName::truncate_from(alloc::vec![b'n'; MAX_NAME_LEN as usize])
}

/// An active maker of `account`, its bond held, whose record is filled as
/// [`Pallet::fill_for_benchmarks`] describes.
fn full_maker<T: Config>(account: &T::AccountId, free_keys: u32, free_recalls: u32) -> MakerId {
	funded::<T>(account);
	Pallet::<T>::do_propose_maker(account.clone(), longest_name(), T::MinBond::get())
		.expect("a funded proposal");
	let maker = NextMakerId::<T>::get() - 1;
	Pallet::<T>::fill_for_benchmarks(maker, free_keys, free_recalls);
	maker
}

/// A certificate for a new device of `maker`, signed by `signer`, which becomes the maker's
/// last key: the far end of the key search, and a batch that sorts after every recalled one.
fn certificate_by<T: Config>(
	maker: MakerId,
	signer: &DeviceSigner,
) -> (DeviceCertificate, DeviceKind) {
	Makers::<T>::mutate(maker, |info| {
		let info = info.as_mut().expect("a maker");
		let last = info.keys.len() - 1;
		info.keys[last].key = signer.public();
	});
	let kind = DeviceKind::Energy;
	let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
	let body = CertificateBody {
		genesis_hash: genesis.as_ref().try_into().unwrap_or_default(),
		maker,
		device: DeviceSigner::ed25519_from_seed(&[9; 32]).public(),
		kind,
		batch: u32::MAX,
		serial: u64::MAX,
		capability: Capability::RatedPowerW(u32::MAX),
		expires_at: Some(u64::MAX),
	};
	(certify(body, signer), kind)
}

/// Certifies `device` as registration does: the first registration, paying the fee.
fn certify_first<T: Config>(
	device: &DeviceKey,
	certificate: &DeviceCertificate,
	kind: DeviceKind,
) -> Certification {
	let payer: T::AccountId = account("owner", 0, 0);
	funded::<T>(&payer);
	<Pallet<T> as Certifier<T::AccountId>>::certify(
		&payer,
		device,
		kind,
		certificate,
		Registration::First,
	)
	.expect("a valid certificate")
}

/// The device key of a maker certificate.
fn certified_device(certificate: &DeviceCertificate) -> DeviceKey {
	match certificate {
		DeviceCertificate::Maker(inner) => inner.body.device,
		DeviceCertificate::X509(_) => unreachable!("a maker certificate"),
	}
}

/// The largest root certificate; sets the clock to when it and the chain under it are valid.
fn large_root<T: Config>() -> CertificateDer {
	T::BenchmarkHelper::set_unix_time(x509::vectors::VALID_AT);
	CertificateDer::truncate_from(x509::vectors::LARGE_ROOT.to_vec())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose_maker() {
		let caller: T::AccountId = whitelisted_caller();
		funded::<T>(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), longest_name(), T::MinBond::get());

		let maker = NextMakerId::<T>::get() - 1;
		assert_eq!(Makers::<T>::get(maker).map(|info| info.account), Some(caller));
	}

	#[benchmark]
	fn withdraw_proposal() {
		let caller: T::AccountId = whitelisted_caller();
		funded::<T>(&caller);
		Pallet::<T>::do_propose_maker(caller.clone(), longest_name(), T::MinBond::get())
			.expect("a funded proposal");
		let maker = NextMakerId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), maker);

		assert!(Makers::<T>::get(maker).is_none());
	}

	#[benchmark]
	fn approve_maker() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let caller: T::AccountId = whitelisted_caller();
		funded::<T>(&caller);
		Pallet::<T>::do_propose_maker(caller, longest_name(), T::MinBond::get())
			.expect("a funded proposal");
		let maker = NextMakerId::<T>::get() - 1;
		let terms = MakerTerms {
			kinds: KindSet::of(&DeviceKind::ALL),
			quota: 1,
			onboarding_fee: Zero::zero(),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker, terms);

		assert_eq!(Makers::<T>::get(maker).map(|info| info.status), Some(MakerStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn set_maker_terms() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker = full_maker::<T>(&whitelisted_caller(), 0, 0);
		let terms = MakerTerms { kinds: KindSet::NONE, quota: 0, onboarding_fee: Zero::zero() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker, terms);

		assert_eq!(Makers::<T>::get(maker).map(|info| info.terms), Some(terms));
		Ok(())
	}

	#[benchmark]
	fn set_maker_status() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker = full_maker::<T>(&whitelisted_caller(), 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker, MakerStatus::Revoked);

		assert_eq!(Makers::<T>::get(maker).map(|info| info.status), Some(MakerStatus::Revoked));
		Ok(())
	}

	#[benchmark]
	fn slash_maker() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker = full_maker::<T>(&whitelisted_caller(), 0, 0);
		let bond = T::MinBond::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker, bond);

		assert_eq!(Makers::<T>::get(maker).map(|info| info.bond), Some(Zero::zero()));
		Ok(())
	}

	/// The last free key slot, after searching every key for a duplicate.
	#[benchmark]
	fn add_maker_key() {
		let caller: T::AccountId = whitelisted_caller();
		let maker = full_maker::<T>(&caller, 1, 0);
		let key = benchmark_key(maker, MAX_MAKER_KEYS);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), maker, key);

		assert_eq!(
			Makers::<T>::get(maker).map(|info| info.keys.len() as u32),
			Some(MAX_MAKER_KEYS)
		);
	}

	/// Retiring, revoking and reinstating a key all find it in the full list; the last key is
	/// the farthest.
	#[benchmark]
	fn change_maker_key() {
		let caller: T::AccountId = whitelisted_caller();
		let maker = full_maker::<T>(&caller, 0, 0);
		let key = benchmark_key(maker, MAX_MAKER_KEYS - 1);

		#[extrinsic_call]
		retire_maker_key(RawOrigin::Signed(caller), maker, key);

		let status =
			Makers::<T>::get(maker).map(|info| info.keys[MAX_MAKER_KEYS as usize - 1].status);
		assert_eq!(status, Some(KeyStatus::Retired));
	}

	/// The last free recall slot, inserted before every recalled batch.
	#[benchmark]
	fn recall_batch() {
		let caller: T::AccountId = whitelisted_caller();
		let maker = full_maker::<T>(&caller, 0, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), maker, 0);

		assert_eq!(Makers::<T>::get(maker).map(|info| info.recalled[0]), Some(0));
	}

	/// The first of a full recall list.
	#[benchmark]
	fn restore_batch() {
		let caller: T::AccountId = whitelisted_caller();
		let maker = full_maker::<T>(&caller, 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), maker, 1);

		assert_eq!(Makers::<T>::get(maker).map(|info| info.recalled.contains(&1)), Some(false));
	}

	#[benchmark]
	fn set_open_kinds() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let kinds = KindSet::of(&DeviceKind::ALL);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, kinds);

		assert_eq!(OpenKinds::<T>::get(), kinds);
		Ok(())
	}

	/// A first registration's certificate by the last of a full list of keys, checked against a
	/// full recall list, paying the fee.
	#[benchmark]
	fn certify_ed25519() {
		let maker = full_maker::<T>(&whitelisted_caller(), 0, 0);
		let (certificate, kind) =
			certificate_by::<T>(maker, &DeviceSigner::ed25519_from_seed(&[3; 32]));
		let certification;

		#[block]
		{
			certification = certify_first::<T>(&certified_device(&certificate), &certificate, kind);
		}

		assert_eq!(certification.maker, maker);
	}

	/// As `certify_ed25519`, with a P-256 maker key verified in the runtime.
	#[benchmark]
	fn certify_p256() {
		let maker = full_maker::<T>(&whitelisted_caller(), 0, 0);
		let signer = DeviceSigner::p256_from_secret(&[3; 32]).expect("valid scalar");
		let (certificate, kind) = certificate_by::<T>(maker, &signer);
		let certification;

		#[block]
		{
			certification = certify_first::<T>(&certified_device(&certificate), &certificate, kind);
		}

		assert_eq!(certification.maker, maker);
	}

	/// Registering the largest root for a maker whose key list has one free place, which the
	/// root's key takes.
	#[benchmark]
	fn register_x509_root() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker = full_maker::<T>(&whitelisted_caller(), 1, 0);
		let root = large_root::<T>();
		let id = x509::root_id(&root);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker, root, DeviceKind::Energy, Capability::RatedPowerW(1));

		assert_eq!(X509Roots::<T>::get(id).map(|root| root.maker), Some(maker));
		Ok(())
	}

	/// A first registration's X.509 chain, both certificates as long as they get, under a root
	/// whose key is the last of a full list, checked against a full recall list, paying the
	/// fee.
	#[benchmark]
	fn certify_x509() {
		let maker = full_maker::<T>(&whitelisted_caller(), 1, 0);
		let root = large_root::<T>();
		Pallet::<T>::do_register_x509_root(
			maker,
			root.clone(),
			DeviceKind::Energy,
			Capability::RatedPowerW(u32::MAX),
		)
		.expect("the benchmark root registers");
		let certificates = [x509::vectors::LARGE_DEVICE, x509::vectors::LARGE_SIGNER]
			.map(|der| CertificateDer::truncate_from(der.to_vec()));
		let device =
			x509::verify_chain(&certificates, &x509::parse_root(&root).expect("a root").1, None)
				.expect("the benchmark chain verifies")
				.key;
		let certificate = DeviceCertificate::X509(X509Chain {
			root: x509::root_id(&root),
			certificates: BoundedVec::truncate_from(certificates.to_vec()),
		});
		let certification;

		#[block]
		{
			certification = certify_first::<T>(&device, &certificate, DeviceKind::Energy);
		}

		assert_eq!(certification.key, (MAX_MAKER_KEYS - 1) as u8);
	}

	/// Whether a certification still holds, against the largest maker record.
	#[benchmark]
	fn revocation() {
		let maker = full_maker::<T>(&whitelisted_caller(), 0, 0);
		let certification = Certification {
			maker,
			key: (MAX_MAKER_KEYS - 1) as u8,
			batch: u32::MAX,
			serial: 0,
			capability: Capability::Unrated,
		};
		let found;

		#[block]
		{
			found = <Pallet<T> as Certifier<T::AccountId>>::revocation(
				DeviceKind::LoraHotspot,
				Some(&certification),
			);
		}

		assert_eq!(found, None);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
