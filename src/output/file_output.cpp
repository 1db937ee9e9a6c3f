// satr::write_file: all-or-nothing file output through a temporary file and rename(2).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "satr/error.hpp"
#include "satr/serialize.hpp"

namespace satr {
namespace {

/// Owns a POSIX file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  /// Closes now and reports failure: on some file systems a write error only shows here.
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

/// Removes the temporary file unless it was renamed into place.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

[[noreturn]] void throw_io(const std::string& path, int error) {
  throw Error(ErrorCode::Io, "cannot write '" + path + "': " + std::strerror(error));
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

std::atomic<unsigned> temporary_counter{0};

}  // namespace

void write_file(const std::string& path, std::string_view bytes) {
  if (path.empty()) throw Error(ErrorCode::Io, "cannot write '': empty file name");
  // The file that will be replaced: through a symlink, its target, so the link survives.
  std::filesystem::path target(path);
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) {
    if (S_ISDIR(status.st_mode)) throw_io(path, EISDIR);
    if (!S_ISREG(status.st_mode)) {
      // Renaming over /dev/null or a FIFO would replace the node itself; such targets have
      // no partial-file problem, so they are written in place.
      FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
      if (fd.get() < 0) throw_io(path, errno);
      if (!write_all(fd.get(), bytes)) throw_io(path, errno);
      if (!fd.close()) throw_io(path, errno);
      return;
    }
    std::error_code error;
    if (std::filesystem::is_symlink(target, error)) {
      target = std::filesystem::canonical(target, error);
      if (error) throw_io(path, error.value());
    }
  }

  const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
  // Same folder as the target so that rename() stays on one file system and is atomic;
  // O_EXCL with a per-process counter keeps concurrent writers from sharing a name.
  int fd_value = -1;
  std::string temporary_path;
  for (int attempt = 0; attempt < 100 && fd_value < 0; ++attempt) {
    temporary_path =
        (folder / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()) + "-" +
                   std::to_string(temporary_counter.fetch_add(1))))
            .string();
    fd_value = ::open(temporary_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_value < 0 && errno != EEXIST) throw_io(path, errno);
  }
  if (fd_value < 0) throw_io(path, EEXIST);
  FileDescriptor fd(fd_value);
  TemporaryFile temporary(temporary_path);
  if (!write_all(fd.get(), bytes)) throw_io(path, errno);
  if (!fd.close()) throw_io(path, errno);
  if (::rename(temporary.path().c_str(), target.c_str()) != 0) throw_io(path, errno);
  temporary.release();
}

}  // namespace satr
