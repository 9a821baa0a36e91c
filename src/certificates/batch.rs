//! Batches: all of a competition's valid certificates (or one organisation's share) as one zip,
//! built on a thread of its own at the lowest CPU priority, so judges' marks on the same server
//! keep their pace; the page polls the progress.
//!
//! Jobs live in the memory of the server that builds them (a zip of 1,000 certificates is about
//! 50 MB); the newest few per server are kept.

use crate::typeset::Fonts;
use entity::CompetitionId;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One certificate of a batch, ready to set.
pub struct Item {
    /// The entry's name in the zip.
    pub name: String,
    pub printed: super::layout::Printed,
    pub seal: Option<Arc<Vec<u8>>>,
}

/// Where a job stands.
#[derive(Clone)]
pub enum State {
    Running,
    Done(Arc<Vec<u8>>),
    Failed(String),
}

pub struct Job {
    pub id: u64,
    pub competition_id: CompetitionId,
    pub organisation: Option<String>,
    /// Who started it: only they (or another organiser of the competition) fetch it.
    pub started_by: entity::UserId,
    pub total: usize,
    pub done: AtomicUsize,
    pub state: Mutex<State>,
    pub file_name: String,
}

impl Job {
    pub fn state(&self) -> State {
        self.state.lock().expect("job state").clone()
    }
}

/// What a batch is, apart from its certificates.
pub struct Request {
    pub competition_id: CompetitionId,
    /// One organisation's share, or all.
    pub organisation: Option<String>,
    pub started_by: entity::UserId,
    pub file_name: String,
    /// The date every entry of the zip carries (the latest issue date).
    pub date: chrono::NaiveDate,
}

/// The jobs of this server.
#[derive(Clone, Default)]
pub struct Batches {
    next: Arc<AtomicU64>,
    jobs: Arc<Mutex<BTreeMap<u64, Arc<Job>>>>,
}

/// How many finished jobs a server keeps.
const KEEP: usize = 8;

impl Batches {
    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        self.jobs.lock().expect("jobs").get(&id).cloned()
    }

    /// Starts building `items` into a zip.
    pub fn start(&self, fonts: Arc<Fonts>, request: Request, items: Vec<Item>) -> Arc<Job> {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let date = request.date;
        let job = Arc::new(Job {
            id,
            competition_id: request.competition_id,
            organisation: request.organisation,
            started_by: request.started_by,
            total: items.len(),
            done: AtomicUsize::new(0),
            state: Mutex::new(State::Running),
            file_name: request.file_name,
        });
        {
            let mut jobs = self.jobs.lock().expect("jobs");
            jobs.insert(id, job.clone());
            while jobs.len() > KEEP {
                let Some(oldest) = jobs.keys().next().copied() else {
                    break;
                };
                jobs.remove(&oldest);
            }
        }
        let worker = job.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("certificates-{id}"))
            .spawn(move || {
                let _building = crate::metrics::batch_building();
                lowest_priority();
                let outcome = build(&fonts, &items, date, &worker.done);
                *worker.state.lock().expect("job state") = match outcome {
                    Ok(zip) => State::Done(Arc::new(zip)),
                    Err(e) => State::Failed(e),
                };
            });
        if let Err(e) = spawned {
            *job.state.lock().expect("job state") = State::Failed(e.to_string());
        }
        job
    }
}

/// Sets every certificate and zips them, counting progress in `done`.
pub fn build(
    fonts: &Fonts,
    items: &[Item],
    date: chrono::NaiveDate,
    done: &AtomicUsize,
) -> Result<Vec<u8>, String> {
    let mut zip = super::bundle::Zip::new(date).map_err(|e| e.to_string())?;
    for item in items {
        let pdf = super::render(fonts, &item.printed, item.seal.clone(), None)
            .map_err(|e| format!("{}：{e}", item.printed.number))?;
        zip.add(&item.name, &pdf).map_err(|e| e.to_string())?;
        done.fetch_add(1, Ordering::Relaxed);
    }
    zip.finish().map_err(|e| e.to_string())
}

/// Makes the calling thread yield the CPU to everything else on the machine (nice 19).
pub fn lowest_priority() {
    // SAFETY: setpriority on the calling thread's own id changes nothing but its scheduling.
    #[cfg(target_os = "linux")]
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}
