//! Marking: storing marks and their audit chain, the judge's socket, a shared tablet, and the
//! chief judge's review.

mod check_in;
mod chief_api;
mod chief_page;
mod consistency;
mod judge_socket;
mod marks;
mod offline;
mod paper;
mod review;
mod second_draw;
mod shared_tablet;
mod tablet_fit;
mod theory;
